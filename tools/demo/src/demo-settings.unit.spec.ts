import { describe, expect, it } from "vitest";
import { loadDemoSettings } from "./demo-settings.js";

describe("loadDemoSettings", () => {
  it("defaults to 20k orders against npm start's ports, without a token", () => {
    expect(loadDemoSettings({})).toEqual({
      orders: 20_000,
      products: 200,
      regions: ["eu-west", "eu-north", "us-east", "us-west", "apac", "latam"],
      concurrency: 32,
      seed: 42,
      commandAddress: "localhost:50051",
      queryAddress: "localhost:50052",
      token: undefined,
    });
  });

  it("reads every DEMO_* variable", () => {
    const settings = loadDemoSettings({
      DEMO_ORDERS: "300",
      DEMO_PRODUCTS: "5",
      DEMO_REGIONS: "a,b",
      DEMO_CONCURRENCY: "4",
      DEMO_SEED: "7",
      DEMO_COMMAND: "h:1",
      DEMO_QUERY: "h:2",
      DEMO_TOKEN: "t",
    });
    expect(settings).toEqual({
      orders: 300,
      products: 5,
      regions: ["a", "b"],
      concurrency: 4,
      seed: 7,
      commandAddress: "h:1",
      queryAddress: "h:2",
      token: "t",
    });
  });
});
