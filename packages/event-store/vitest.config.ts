import { testKinds } from "../../vitest.kinds.ts";

export default testKinds();
