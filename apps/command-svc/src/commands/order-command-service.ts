import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import {
  AddItemRequestSchema,
  CancelOrderRequestSchema,
  CompleteOrderRequestSchema,
  type CreateOrderRequest,
  CreateOrderRequestSchema,
  type OrderCommandService,
  RemoveItemRequestSchema,
  type LineItem as WireLineItem,
} from "@orderlens/contracts";
import type { LineItem, OrderCommand } from "@orderlens/domain";
import { uuidV7 } from "@orderlens/event-store";
import { commandFailureToError } from "./command-errors.js";
import { commandTimeOf } from "./command-time.js";
import type { CommandHandler } from "./command-types.js";
import { commandContextOf } from "./request-context.js";

export interface OrderCommandServiceOptions {
  handle: CommandHandler;
  /** Domain time of accepted commands; injectable so tests can pin months. */
  clock?: () => number;
  /**
   * Development and demos only: accept the command time from the x-orderlens-command-time header
   * (ISO 8601), so simulated orders can spread over past months. Off in production: the server's
   * clock is the only source of domain time there.
   */
  allowClientTime?: boolean;
}

function lineItem(item: WireLineItem): LineItem {
  return {
    productId: item.productId,
    productName: item.productName,
    quantity: item.quantity,
    // Exact: the contract keeps prices within 2^53 - 1 (and the domain checks again).
    unitPriceMinor: Number(item.unitPriceMinor),
  };
}

const missingItem: LineItem = { productId: "", productName: "", quantity: 0, unitPriceMinor: 0 };

/** An empty order id asks the server to choose one. */
function createOrderCommand(req: CreateOrderRequest, at: number): OrderCommand {
  return {
    type: "CreateOrder",
    orderId: req.orderId === "" ? uuidV7() : req.orderId,
    at,
    customerId: req.customerId,
    region: req.region,
    currency: req.currency,
    items: req.items.map(lineItem),
  };
}

export function createOrderCommandService({
  handle,
  clock = Date.now,
  allowClientTime = false,
}: OrderCommandServiceOptions): ServiceImpl<typeof OrderCommandService> {
  const at = (ctx: HandlerContext) => commandTimeOf(ctx, { clock, allowClientTime });
  return {
    createOrder: (req, ctx) =>
      runCommand(
        handle,
        CreateOrderRequestSchema,
        req,
        ctx,
        createOrderCommand(req, at(ctx)),
        req.orderId === "",
      ),
    addItem: (req, ctx) =>
      runCommand(handle, AddItemRequestSchema, req, ctx, {
        type: "AddItem",
        orderId: req.orderId,
        at: at(ctx),
        // The contract requires the item; the domain refuses this placeholder all the same.
        item: req.item ? lineItem(req.item) : missingItem,
      }),
    removeItem: (req, ctx) =>
      runCommand(handle, RemoveItemRequestSchema, req, ctx, {
        type: "RemoveItem",
        orderId: req.orderId,
        at: at(ctx),
        productId: req.productId,
      }),
    completeOrder: (req, ctx) =>
      runCommand(handle, CompleteOrderRequestSchema, req, ctx, {
        type: "CompleteOrder",
        orderId: req.orderId,
        at: at(ctx),
      }),
    cancelOrder: (req, ctx) =>
      runCommand(handle, CancelOrderRequestSchema, req, ctx, {
        type: "CancelOrder",
        orderId: req.orderId,
        at: at(ctx),
        reason: req.reason,
      }),
  };
}

/** Runs one command through the pipeline and shapes its reply (or its failure as a status). */
async function runCommand<S extends DescMessage>(
  handle: CommandHandler,
  schema: S,
  request: MessageShape<S> & { requestId: string; expectedVersion?: bigint | undefined },
  ctx: HandlerContext,
  command: OrderCommand,
  newStream = false,
) {
  const transport = commandContextOf(schema, request, ctx);
  const context = newStream ? { ...transport, newStream } : transport;
  const result = await handle(command, context);
  if (!result.ok) throw commandFailureToError(result.failure);
  const { orderId, version, position, replayed } = result.outcome;
  return { outcome: { orderId, version: BigInt(version), position: BigInt(position), replayed } };
}
