// Order requests shared by command-svc's RPC specs.

export const item = (productId: string, quantity = 1, unitPriceMinor = 1_250n) => ({
  productId,
  productName: `Product ${productId}`,
  quantity,
  unitPriceMinor,
});
export const order = (over: Record<string, unknown> = {}) => ({
  customerId: "cust-1",
  region: "eu-west",
  currency: "EUR",
  items: [item("p-1", 2), item("p-2")],
  ...over,
});
