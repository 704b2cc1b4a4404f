import { getOption } from "@bufbuild/protobuf";
import { field as fieldRules } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { CreateOrderRequestSchema } from "@orderlens/contracts";
import { CURRENCY_CODES } from "@orderlens/domain";
import { describe, expect, it } from "vitest";

describe("the contract's currency rule", () => {
  it("lists exactly the domain's currencies, so neither refuses what the other accepts", () => {
    const currency = CreateOrderRequestSchema.field.currency;
    if (!currency) throw new Error("CreateOrderRequest.currency is missing");
    const rules = getOption(currency, fieldRules).type;
    if (rules.case !== "string") throw new Error(`currency rules are ${rules.case}`);
    expect([...rules.value.in].sort()).toEqual([...CURRENCY_CODES].sort());
  });
});
