import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import {
  AddItemRequestSchema,
  CancelOrderRequestSchema,
  CompleteOrderRequestSchema,
  CreateOrderRequestSchema,
  type OrderCommandService,
  RemoveItemRequestSchema,
  type LineItem as WireLineItem,
} from "@orderlens/contracts";
import type { LineItem, OrderCommand } from "@orderlens/domain";
import { uuidV7 } from "@orderlens/event-store";
import { invalidArgument } from "@orderlens/server";
import { commandFailureToError } from "./command-errors.js";
import type { CommandHandler } from "./command-types.js";
import { commandContextOf } from "./request-context.js";

export const commandTimeHeader = "x-orderlens-command-time";

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

export function createOrderCommandService({
  handle,
  clock: serverClock = Date.now,
  allowClientTime = false,
}: OrderCommandServiceOptions): ServiceImpl<typeof OrderCommandService> {
  const clock = (ctx: HandlerContext): number => {
    const header = ctx.requestHeader.get(commandTimeHeader);
    if (header === null) return serverClock();
    if (!allowClientTime) {
      throw invalidArgument(
        [
          {
            field: commandTimeHeader,
            description: "is accepted only when ALLOW_CLIENT_COMMAND_TIME=true (development)",
          },
        ],
        "command time header not allowed",
      );
    }
    const at = Date.parse(header);
    if (!Number.isFinite(at)) {
      throw invalidArgument(
        [{ field: commandTimeHeader, description: "must be an ISO 8601 time" }],
        "bad command time",
      );
    }
    return at;
  };

  async function run<S extends DescMessage>(
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

  return {
    createOrder: (req, ctx) =>
      run(
        CreateOrderRequestSchema,
        req,
        ctx,
        {
          type: "CreateOrder",
          orderId: req.orderId === "" ? uuidV7() : req.orderId,
          at: clock(ctx),
          customerId: req.customerId,
          region: req.region,
          currency: req.currency,
          items: req.items.map(lineItem),
        },
        req.orderId === "",
      ),
    addItem: (req, ctx) =>
      run(AddItemRequestSchema, req, ctx, {
        type: "AddItem",
        orderId: req.orderId,
        at: clock(ctx),
        // The contract requires the item; the domain refuses this placeholder all the same.
        item: req.item ? lineItem(req.item) : missingItem,
      }),
    removeItem: (req, ctx) =>
      run(RemoveItemRequestSchema, req, ctx, {
        type: "RemoveItem",
        orderId: req.orderId,
        at: clock(ctx),
        productId: req.productId,
      }),
    completeOrder: (req, ctx) =>
      run(CompleteOrderRequestSchema, req, ctx, {
        type: "CompleteOrder",
        orderId: req.orderId,
        at: clock(ctx),
      }),
    cancelOrder: (req, ctx) =>
      run(CancelOrderRequestSchema, req, ctx, {
        type: "CancelOrder",
        orderId: req.orderId,
        at: clock(ctx),
        reason: req.reason,
      }),
  };
}
