import type { Index, Meilisearch } from "meilisearch";
import { succeeded } from "./contract-server.js";

export type Order = {
  id: string;
  status: string;
  total: number;
  currency: string;
  customer: { name: string; city: string };
  tags?: string[];
  createdAt: number;
  note?: string | null;
};

export const ORDERS: Order[] = [
  {
    id: "o1",
    status: "shipped",
    total: 120.5,
    currency: "EUR",
    customer: { name: "Zoë Durand", city: "Paris" },
    tags: ["gift", "express"],
    createdAt: 1700000001,
    note: null,
  },
  {
    id: "o2",
    status: "pending",
    total: 35,
    currency: "EUR",
    customer: { name: "Marc Dupont", city: "Lyon" },
    tags: [],
    createdAt: 1700000005,
  },
  {
    id: "o3",
    status: "shipped",
    total: 99.99,
    currency: "USD",
    customer: { name: "Anne O'Brien", city: "New York" },
    tags: ["express"],
    createdAt: 1700000003,
    note: "leave at door",
  },
  {
    id: "o4",
    status: "cancelled",
    total: 0,
    currency: "USD",
    customer: { name: "Zoe Martin", city: "Boston" },
    tags: ["gift"],
    createdAt: 1700000002,
    note: "",
  },
  {
    id: "o5",
    status: "delivered",
    total: 250,
    currency: "GBP",
    customer: { name: "Élodie Brun", city: "London" },
    createdAt: 1700000004,
    note: null,
  },
  {
    id: "o6",
    status: "Shipped",
    total: 42,
    currency: "EUR",
    customer: { name: "Paul Smith", city: "Paris" },
    tags: ["bulk"],
    createdAt: 1700000006,
  },
];

/** An index of ORDERS with the filterable and sortable attributes the search specs need. */
export async function seedSearchIndex(client: Meilisearch, name: string): Promise<Index<Order>> {
  const index = client.index<Order>(name);
  await index.addDocuments(ORDERS).waitTask();
  succeeded(
    await index
      .updateSettings({
        filterableAttributes: [
          "status",
          "total",
          "currency",
          "customer",
          "tags",
          "note",
          "createdAt",
        ],
        sortableAttributes: ["total", "currency", "createdAt"],
      })
      .waitTask(),
  );
  return index;
}
