/**
 * @orderlens/domain: the Order aggregate as a pure decider. No I/O, no clock, no node APIs.
 */

export type {
  AddItem,
  CancelOrder,
  CompleteOrder,
  CreateOrder,
  LineItem,
  OrderCommand,
  OrderCommandType,
  RemoveItem,
} from "./commands.js";
export { CURRENCY_CODES, type CurrencyCode, currencyExponent, isCurrency } from "./currencies.js";
export { type DecideResult, decide, decideValid } from "./decide.js";
export { type Decider, foldEvents, orderDecider } from "./decider.js";
export {
  assertNever,
  type DomainError,
  type DomainErrorType,
  type FieldViolation,
} from "./errors.js";
export type {
  ItemAdded,
  ItemRemoved,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  OrderEvent,
  OrderEventType,
} from "./events.js";
export { evolve, OrderHistoryError } from "./evolve.js";
export {
  addMinor,
  isMinorAmount,
  MAX_MINOR,
  MoneyOverflowError,
  multiplyMinor,
  sumMinor,
} from "./money.js";
export { lineTotal, orderTotal } from "./order-totals.js";
export { isTimeZone, MAX_EPOCH_MS, type ReportKeys, reportKeys } from "./report-keys.js";
export { inWindow, type RetentionWindow, retentionWindow } from "./retention-window.js";
export {
  type DaySales,
  type MonthProductSales,
  type MonthRegionSales,
  type SalesContribution,
  salesContribution,
} from "./sales-contribution.js";
export {
  type CancelledOrder,
  type CompletedOrder,
  type ExistingOrder,
  initialState,
  isTerminal,
  type NoOrder,
  type OrderDetails,
  type OrderState,
  type OrderStatus,
  type PendingOrder,
} from "./state.js";
export { checkCommand, LIMITS, type ValidCommand, validateCommand } from "./validation.js";
