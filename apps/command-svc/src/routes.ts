import { OrderCommandService } from "@orderlens/contracts";
import { type AnyServiceRegistration, defineService } from "@orderlens/server";
import type { CommandHandler } from "./commands/command-types.js";
import { createOrderCommandService } from "./commands/order-command-service.js";

export interface RoutesOptions {
  handle: CommandHandler;
  clock?: () => number;
  allowClientTime?: boolean;
}

/** Every RPC command-svc serves, with the scope each needs. Health and reflection are added by the server. */
export function routes({
  handle,
  clock,
  allowClientTime = false,
}: RoutesOptions): AnyServiceRegistration[] {
  return [
    defineService({
      service: OrderCommandService,
      impl: createOrderCommandService({ handle, allowClientTime, ...(clock ? { clock } : {}) }),
      scopes: { default: "orders:write" },
    }),
  ];
}
