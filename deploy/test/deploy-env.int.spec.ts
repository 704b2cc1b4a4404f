// No Docker engine or Kubernetes runs here, so deploy/ is kept honest by reading it: every
// environment variable that deploy/compose.yaml and deploy/k8s/*.yaml give an orderlens service
// must be one that service's configuration schema reads (a misspelt or stale name is silently
// ignored at run time), the core connection settings each service reads must be set, and the
// shared settings must agree between services. Probes, ports and grace periods:
// deploy-shape.int.spec.ts.
import { describe, expect, it } from "vitest";
import {
  allWorkloads,
  asString,
  composeInfra,
  composeWorkloads,
  configMaps,
  danglingRefs,
  k8sWorkloads,
  referencedSources,
  secrets,
} from "./deploy-manifests.js";
import { apps, portVariable, readByAnyApp, readsOf } from "./service-variables.js";

describe("deploy/: environment variables against the source", () => {
  it("knows what the services read (schema self-check)", () => {
    expect([...apps].sort()).toEqual(expect.arrayContaining(["command-svc", "projector"]));
    for (const app of apps) {
      const reads = readsOf(app);
      // Shared settings come from packages/server, each app's own from its config.
      for (const name of ["LOG_LEVEL", "ORDERLENS_TOKENS", "ORDERLENS_AUTH_DISABLED"]) {
        expect(reads, `${app} reads ${name}`).toContain(name);
      }
      expect(reads, `${app} reads SHUTDOWN_GRACE_MS`).toContain("SHUTDOWN_GRACE_MS");
      portVariable(app);
    }
    expect(readsOf("command-svc")).toContain("RELAY_ENABLED"); // its own
    expect(readsOf("command-svc")).toContain("RETRY_DELAYS_MS"); // the AMQP block
    expect(readsOf("projector")).toContain("REPORT_TIME_ZONE"); // its own
  });

  it("deploys every service in compose and in Kubernetes, with `serve`", () => {
    for (const workloads of [composeWorkloads, k8sWorkloads]) {
      expect([...new Set(workloads.map((w) => w.app))].sort()).toEqual([...apps].sort());
    }
    for (const w of allWorkloads) expect(w.args, w.where).toEqual(["serve"]);
    expect(composeInfra.sort()).toEqual(["meilisearch", "mysql", "mysql-accounts", "rabbitmq"]);
  });

  it("sets no variable a service does not read", () => {
    const unknown = allWorkloads.flatMap((w) =>
      [...w.env.keys()]
        .filter((name) => !readsOf(w.app).has(name))
        .map(
          (name) => `${w.where}: ${name} (from ${w.origin.get(name)}) is not read by apps/${w.app}`,
        ),
    );
    expect(unknown, unknown.join("\n")).toEqual([]);
  });

  it("keeps every ConfigMap and Secret key a variable some service reads, and every one used", () => {
    const unknown: string[] = [];
    for (const [kind, sources] of [
      ["ConfigMap", configMaps],
      ["Secret", secrets],
    ] as const) {
      for (const [name, data] of sources) {
        for (const key of Object.keys(data)) {
          if (!readByAnyApp.has(key)) unknown.push(`${kind}/${name}: ${key} is read by no service`);
        }
        if (!referencedSources.has(`${kind}/${name}`))
          unknown.push(`${kind}/${name} is used by no pod`);
      }
    }
    expect(unknown, unknown.join("\n")).toEqual([]);
    expect(danglingRefs, danglingRefs.join("\n")).toEqual([]);
  });

  it("sets the connection settings each service reads", () => {
    const missing: string[] = [];
    for (const w of allWorkloads) {
      const reads = readsOf(w.app);
      for (const name of ["MYSQL_URL", "PROJECTOR_MYSQL_URL", "AMQP_URL", "MEILI_URL"]) {
        if (reads.has(name) && !w.env.get(name)) missing.push(`${w.where}: ${name}`);
      }
      if (
        reads.has("MEILI_API_KEY") &&
        !w.env.get("MEILI_API_KEY") &&
        !w.env.get("MEILI_MASTER_KEY")
      ) {
        missing.push(`${w.where}: MEILI_API_KEY or MEILI_MASTER_KEY`);
      }
      if (!w.env.get(portVariable(w.app))) missing.push(`${w.where}: ${portVariable(w.app)}`);
    }
    expect(missing, missing.join("\n")).toEqual([]);
    // Applies to every service that reads them, discovered above, not a fixed list.
    expect(apps.filter((a) => readsOf(a).has("MYSQL_URL")).sort()).toEqual(
      expect.arrayContaining(["command-svc", "projector"]),
    );
  });

  it("gives the services that share queues or indexes the same settings", () => {
    const mismatches: string[] = [];
    for (const name of ["AMQP_PREFIX", "PARTITIONS", "RETRY_DELAYS_MS", "MEILI_INDEX_PREFIX"]) {
      for (const workloads of [composeWorkloads, k8sWorkloads]) {
        const readers = workloads.filter((w) => readsOf(w.app).has(name));
        const values = new Set(readers.map((w) => w.env.get(name) ?? "(unset: default)"));
        if (values.size > 1) mismatches.push(`${name}: ${[...values].join(" vs ")}`);
      }
    }
    expect(mismatches, mismatches.join("\n")).toEqual([]);
  });

  it("runs Kubernetes with auth on, secrets as marked placeholders, and Meili keys apart", () => {
    for (const w of k8sWorkloads) {
      expect(w.env.get("ORDERLENS_TOKENS"), w.where).toBeTruthy();
      expect(w.env.get("ORDERLENS_AUTH_DISABLED") ?? "false", w.where).toMatch(/^(false|0)$/);
      // Never the master key: the projector gets a write key, query-svc a search key.
      expect(w.env.has("MEILI_MASTER_KEY"), w.where).toBe(false);
      expect(w.origin.get("MEILI_API_KEY") ?? "Secret/", w.where).toMatch(/^Secret\//);
    }
    for (const [name, data] of secrets) {
      for (const [key, value] of Object.entries(data)) {
        expect(asString(value), `Secret/${name} ${key} must be a REPLACE_ME placeholder`).toContain(
          "REPLACE_ME",
        );
      }
    }
    // Each Secret holding a MEILI_API_KEY serves one service only (write key vs search key).
    const appsBySecret = new Map<string, Set<string>>();
    for (const w of k8sWorkloads.filter((w) => w.env.has("MEILI_API_KEY"))) {
      const secret = w.origin.get("MEILI_API_KEY") ?? "";
      appsBySecret.set(secret, new Set([...(appsBySecret.get(secret) ?? []), w.app]));
    }
    for (const [secret, users] of appsBySecret) expect([...users], secret).toHaveLength(1);
  });
});
