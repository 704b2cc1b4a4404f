import { testKinds } from "../../vitest.kinds.js";

// bench/ holds the small-scale runs of the benches, so a bench that rots fails the suite.
export default testKinds({ roots: ["src", "test", "bench"] });
