#!/usr/bin/env node
// Regenerates src/gen from proto/ and from the .proto files that npm packages ship (health,
// reflection, google.rpc error details), so none of them is a hand-kept copy. Request rules
// (protovalidate) come with the contracts' descriptors; validate.proto's own code is the npm
// package @bufbuild/protovalidate's.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(packageDir, "../..");
const require = createRequire(join(packageDir, "package.json"));
const packageRoot = (name) => dirname(require.resolve(`${name}/package.json`));
const fromRoot = (p) => relative(repoRoot, p);

const buf = (input, paths = []) => {
  const args = ["generate", fromRoot(input), "--template", "proto/buf.gen.yaml"];
  for (const p of paths) args.push("--path", fromRoot(join(input, p)));
  execFileSync("buf", args, {
    cwd: repoRoot,
    stdio: "inherit",
    env: { ...process.env, PATH: `${join(repoRoot, "node_modules/.bin")}:${process.env.PATH}` },
  });
};

rmSync(join(packageDir, "src/gen"), { recursive: true, force: true });
// Our own contracts only: proto/vendor's files come with the npm packages that ship their code.
buf(join(repoRoot, "proto"), ["orderlens"]);
buf(join(packageRoot("grpc-health-check"), "proto"));
buf(join(packageRoot("@grpc/reflection"), "build/proto"), ["grpc/reflection"]);
buf(join(packageRoot("google-proto-files")), [
  "google/rpc/error_details.proto",
  "google/rpc/status.proto",
]);
console.log("generated packages/contracts/src/gen");
