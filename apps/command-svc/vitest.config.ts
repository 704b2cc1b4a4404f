import { testKinds } from "../../vitest.kinds.js";

export default testKinds({ roots: ["src", "test", "bench"] });
