/**
 * Commands accepted by the Order aggregate. `at` is the epoch-millisecond UTC time the caller
 * assigns to the command: the domain never reads a clock, so decisions are reproducible.
 */

export interface LineItem {
  readonly productId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
}

interface CommandBase {
  readonly orderId: string;
  readonly at: number;
}

export interface CreateOrder extends CommandBase {
  readonly type: "CreateOrder";
  readonly customerId: string;
  readonly region: string;
  readonly currency: string;
  readonly items: readonly LineItem[];
}

export interface AddItem extends CommandBase {
  readonly type: "AddItem";
  readonly item: LineItem;
}

export interface RemoveItem extends CommandBase {
  readonly type: "RemoveItem";
  readonly productId: string;
}

export interface CompleteOrder extends CommandBase {
  readonly type: "CompleteOrder";
}

export interface CancelOrder extends CommandBase {
  readonly type: "CancelOrder";
  readonly reason: string;
}

export type OrderCommand = CreateOrder | AddItem | RemoveItem | CompleteOrder | CancelOrder;
export type OrderCommandType = OrderCommand["type"];
