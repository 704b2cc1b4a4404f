import { testKinds } from "../../vitest.kinds.js";

export default testKinds({
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Each file runs three services (and the dashboard's files a browser too): on two cores,
  // files side by side only slow each other down, and the dashboard's render budget is timed.
  fileParallelism: false,
});
