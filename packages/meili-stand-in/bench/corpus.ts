// The bench's order documents: seeded, so every run indexes the same corpus, and every call
// builds the same one.

const SEED = 42;
let seed = SEED;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

export const STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled"] as const;
const CURRENCIES = ["EUR", "USD", "GBP", "CHF"] as const;
const CITIES = Array.from({ length: 200 }, (_, i) => `City ${i}`);
export const NAMES = [
  "Anne",
  "Marc",
  "Zoë",
  "Paul",
  "Élodie",
  "Omar",
  "Li",
  "Sven",
  "Maria",
  "Kenji",
];

export interface Order {
  id: string;
  status: (typeof STATUSES)[number];
  currency: (typeof CURRENCIES)[number];
  total: number;
  createdAt: number;
  itemCount: number;
  customer: { id: string; name: string; city: string };
  tags: string[];
}

export function createCorpus(n: number): Order[] {
  seed = SEED;
  return Array.from({ length: n }, (_, i) => ({
    id: `ord-${i}`,
    status: pick(STATUSES),
    currency: pick(CURRENCIES),
    total: Math.round(rand() * 100_000) / 100,
    createdAt: 1_700_000_000 + Math.floor(rand() * 31_536_000),
    itemCount: 1 + Math.floor(rand() * 9),
    customer: {
      id: `c-${Math.floor(rand() * 20_000)}`,
      name: `${pick(NAMES)} ${pick(NAMES)}`,
      city: pick(CITIES),
    },
    tags: rand() < 0.3 ? ["gift"] : [],
  }));
}
