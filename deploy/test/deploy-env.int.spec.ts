import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

// No Docker engine or Kubernetes runs here, so deploy/ is kept honest by reading it: every
// environment variable that deploy/compose.yaml and deploy/k8s/*.yaml give an orderlens service
// must be one that service's source reads (a misspelt or stale name is silently ignored at run
// time), the core connection settings each service reads must be set, probes, ports and grace
// periods must agree with the code, and the shared settings must agree between services.
const repoRoot = resolve(import.meta.dirname, "../..");
const deployDir = join(repoRoot, "deploy");
const k8sDir = join(deployDir, "k8s");

// ---- which environment variables each service reads, discovered from its source ----

/** Production code only: tests, fixtures, benchmarks and test harnesses read their own knobs. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (["__fixtures__", "bench", "testing", "gen", "node_modules"].includes(name)) continue;
      out.push(...sourceFiles(path));
    } else if (name.endsWith(".ts") && !name.endsWith(".spec.ts") && !name.endsWith(".d.ts")) {
      out.push(path);
    }
  }
  return out;
}

const NAME = "([A-Z][A-Z0-9_]*)";
const envReadPatterns = [
  // env.NAME, env?.NAME, process.env.NAME
  new RegExp(`\\benv\\??\\.${NAME}\\b`, "g"),
  // env["NAME"], process.env["NAME"]
  new RegExp(`\\benv\\[\\s*["'\`]${NAME}["'\`]\\s*\\]`, "g"),
  // envInt(env, "NAME", ...), envBool(...), envList(...), envPositiveInts(...)
  new RegExp(`\\benv(?:Int|Bool|List|PositiveInts)\\(\\s*[\\w.]+\\s*,\\s*["'\`]${NAME}["'\`]`, "g"),
];

function envNamesReadIn(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    for (const pattern of envReadPatterns) {
      for (const match of source.matchAll(pattern)) if (match[1]) names.add(match[1]);
    }
  }
  return names;
}

/** The apps that are services: apps/<name> with a CLI. */
const apps = readdirSync(join(repoRoot, "apps")).filter((name) =>
  existsSync(join(repoRoot, "apps", name, "src", "cli.ts")),
);
const sharedReads = envNamesReadIn(sourceFiles(join(repoRoot, "packages/server/src")));
const readsByApp = new Map(
  apps.map((app) => {
    const own = envNamesReadIn(sourceFiles(join(repoRoot, "apps", app, "src")));
    return [app, new Set([...own, ...sharedReads])] as const;
  }),
);
const readsOf = (app: string): Set<string> => {
  const reads = readsByApp.get(app);
  if (!reads) throw new Error(`deploy/ runs apps/${app}, which has no src/cli.ts`);
  return reads;
};
const readByAnyApp = new Set([...readsByApp.values()].flatMap((s) => [...s]));

// Read with the failsafe schema: every scalar stays a string, as the files' values reach the
// services (environment variables are strings).
type Yaml = string | null | Yaml[] | YamlMap;
interface YamlMap {
  [key: string]: Yaml;
}

function parseYamlDocuments(source: string, file: string): Yaml[] {
  return parseAllDocuments(source, { schema: "failsafe" }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    return doc.toJS() as Yaml;
  });
}

const isMap = (v: Yaml | undefined): v is YamlMap =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const asMap = (v: Yaml | undefined): YamlMap => (isMap(v) ? v : {});
const asList = (v: Yaml | undefined): Yaml[] => (Array.isArray(v) ? v : []);
const asString = (v: Yaml | undefined): string | undefined =>
  typeof v === "string" ? v : undefined;
const path = (v: Yaml | undefined, ...keys: string[]): Yaml | undefined =>
  keys.reduce<Yaml | undefined>((node, key) => (isMap(node) ? node[key] : undefined), v);

/** "apps/<name>/dist/cli.js serve" in a command line names the service it runs. */
function appOf(command: Yaml | undefined): { app: string; args: string[] } | undefined {
  const args = Array.isArray(command)
    ? command.map((a) => asString(a) ?? "")
    : (asString(command)?.split(/\s+/) ?? []);
  const index = args.findIndex((a) => /^(?:\.\/)?apps\/[\w-]+\/dist\/cli\.js$/.test(a));
  const app = args[index]?.split("/").at(-3);
  return app === undefined ? undefined : { app, args: args.slice(index + 1) };
}

/** One orderlens container as deployed: where, which service, its environment, its shape. */
interface Workload {
  where: string;
  app: string;
  args: string[];
  env: Map<string, string>;
  /** Set by the pod spec itself (env:), per name, or by the ConfigMap/Secret it came from. */
  origin: Map<string, string>;
  containerPorts: Map<string, number>;
  readinessPath?: string;
  livenessPath?: string;
  probePorts: string[];
  compose?: { healthcheck: string; ports: string[] };
  k8s?: {
    podSpec: YamlMap;
    container: YamlMap;
  };
}

// ---- deploy/compose.yaml ----

const composeFile = join(deployDir, "compose.yaml");
const compose = asMap(parseYamlDocuments(readFileSync(composeFile, "utf8"), composeFile)[0]);
const composeServices = asMap(compose.services);
const composeWorkloads: Workload[] = [];
const composeInfra: string[] = [];
for (const [name, spec] of Object.entries(composeServices)) {
  const runs = appOf(path(spec, "command"));
  if (!runs) {
    if (path(spec, "build") !== undefined) {
      throw new Error(`deploy/compose.yaml: service ${name} builds the image but runs no app`);
    }
    composeInfra.push(name);
    continue;
  }
  const environment = path(spec, "environment");
  const env = new Map<string, string>();
  if (Array.isArray(environment)) {
    for (const item of environment) {
      const [key = "", ...value] = (asString(item) ?? "").split("=");
      env.set(key, value.join("="));
    }
  } else {
    for (const [key, value] of Object.entries(asMap(environment)))
      env.set(key, asString(value) ?? "");
  }
  composeWorkloads.push({
    where: `deploy/compose.yaml services.${name}`,
    app: runs.app,
    args: runs.args,
    env,
    origin: new Map([...env.keys()].map((k) => [k, "environment"])),
    containerPorts: new Map(),
    probePorts: [],
    compose: {
      healthcheck: asList(path(spec, "healthcheck", "test"))
        .map((p) => asString(p) ?? "")
        .join(" "),
      ports: asList(path(spec, "ports")).map((p) => asString(p) ?? ""),
    },
  });
}

// ---- deploy/k8s/*.yaml ----

interface K8sObject {
  file: string;
  kind: string;
  name: string;
  body: YamlMap;
}
const k8sFiles = readdirSync(k8sDir)
  .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
  .sort();
const k8sObjects: K8sObject[] = k8sFiles.flatMap((file) =>
  parseYamlDocuments(readFileSync(join(k8sDir, file), "utf8"), `deploy/k8s/${file}`).map((doc) => ({
    file,
    kind: asString(path(doc, "kind")) ?? "",
    name: asString(path(doc, "metadata", "name")) ?? "",
    body: asMap(doc),
  })),
);
const ofKind = (kind: string) => k8sObjects.filter((o) => o.kind === kind);

/** ConfigMaps and Secrets that only Jobs use (the MySQL accounts): not service settings. */
const jobOnlySources = new Set(
  ofKind("Job").flatMap((job) => {
    const pod = asMap(path(job.body, "spec", "template", "spec"));
    const fromEnv = asList(pod.containers)
      .flatMap((c) => asList(path(c, "envFrom")))
      .map(
        (from) =>
          asString(path(from, "secretRef", "name")) ?? asString(path(from, "configMapRef", "name")),
      );
    const fromVolumes = asList(pod.volumes).map((v) => asString(path(v, "configMap", "name")));
    return [...fromEnv, ...fromVolumes].filter((n): n is string => n !== undefined);
  }),
);
const serviceSources = (kind: string) => ofKind(kind).filter((o) => !jobOnlySources.has(o.name));
const configMaps = new Map(serviceSources("ConfigMap").map((o) => [o.name, asMap(o.body.data)]));
const secrets = new Map(
  serviceSources("Secret").map((o) => [
    o.name,
    { ...asMap(o.body.data), ...asMap(o.body.stringData) },
  ]),
);
const referencedSources = new Set<string>();
const danglingRefs: string[] = [];

const k8sWorkloads: Workload[] = [];
for (const o of k8sObjects.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind))) {
  const podSpec = asMap(path(o.body, "spec", "template", "spec"));
  for (const container of asList(podSpec.containers).map(asMap)) {
    const where = `deploy/k8s/${o.file} ${o.kind}/${o.name} container ${asString(container.name)}`;
    const runs = appOf([...asList(container.command), ...asList(container.args)]);
    if (!runs) throw new Error(`${where} runs no apps/<name>/dist/cli.js`);
    const env = new Map<string, string>();
    const origin = new Map<string, string>();
    const lookup = (kind: "ConfigMap" | "Secret", name: string) => {
      referencedSources.add(`${kind}/${name}`);
      const source = (kind === "ConfigMap" ? configMaps : secrets).get(name);
      if (!source) danglingRefs.push(`${where}: ${kind} ${name} does not exist`);
      return source ?? {};
    };
    for (const from of asList(container.envFrom).map(asMap)) {
      const prefix = asString(from.prefix) ?? "";
      const cm = asString(path(from, "configMapRef", "name"));
      const secret = asString(path(from, "secretRef", "name"));
      const [kind, name] = cm ? (["ConfigMap", cm] as const) : (["Secret", secret ?? ""] as const);
      for (const [key, value] of Object.entries(lookup(kind, name))) {
        env.set(prefix + key, asString(value) ?? "");
        origin.set(prefix + key, `${kind}/${name}`);
      }
    }
    for (const item of asList(container.env).map(asMap)) {
      const name = asString(item.name) ?? "";
      let value = asString(item.value) ?? "";
      const cmRef = asMap(path(item, "valueFrom", "configMapKeyRef"));
      const secretRef = asMap(path(item, "valueFrom", "secretKeyRef"));
      for (const [kind, ref] of [
        ["ConfigMap", cmRef],
        ["Secret", secretRef],
      ] as const) {
        const refName = asString(ref.name);
        if (refName === undefined) continue;
        const key = asString(ref.key) ?? "";
        const source = lookup(kind, refName);
        if (!Object.hasOwn(source, key))
          danglingRefs.push(`${where}: ${kind} ${refName} has no ${key}`);
        value = asString(source[key]) ?? "";
      }
      env.set(name, value);
      origin.set(name, "env");
    }
    const containerPorts = new Map(
      asList(container.ports)
        .map(asMap)
        .map((p) => [asString(p.name) ?? "", Number(asString(p.containerPort))] as const),
    );
    k8sWorkloads.push({
      where,
      app: runs.app,
      args: runs.args,
      env,
      origin,
      containerPorts,
      readinessPath: asString(path(container, "readinessProbe", "httpGet", "path")),
      livenessPath: asString(path(container, "livenessProbe", "httpGet", "path")),
      probePorts: ["startupProbe", "readinessProbe", "livenessProbe"]
        .map((probe) => asString(path(container, probe, "httpGet", "port")))
        .filter((p): p is string => p !== undefined),
      k8s: { podSpec, container },
    });
  }
}

const allWorkloads = [...composeWorkloads, ...k8sWorkloads];
/** The variable that sets an app's listening port: the one *_PORT name its config reads. */
const portVariable = (app: string) => {
  const ports = [...readsOf(app)].filter((n) => n.endsWith("_PORT"));
  expect(ports, `apps/${app} should read exactly one *_PORT variable`).toHaveLength(1);
  return ports[0] ?? "";
};

describe("deploy/: environment variables against the source", () => {
  it("discovers what the services read (scanner self-check)", () => {
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
    expect(readsOf("command-svc")).toContain("RELAY_ENABLED"); // envBool
    expect(readsOf("command-svc")).toContain("RETRY_DELAYS_MS"); // envPositiveInts
    expect(readsOf("projector")).toContain("REPORT_TIME_ZONE"); // env.NAME?.trim()
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

describe("deploy/: probes, ports and shutdown against the code", () => {
  it("probes /readyz for readiness and /healthz for liveness on the service port", () => {
    for (const w of k8sWorkloads) {
      const port = Number(w.env.get(portVariable(w.app)));
      expect(w.readinessPath, w.where).toBe("/readyz");
      expect(w.livenessPath, w.where).toBe("/healthz");
      expect([...w.containerPorts.values()], w.where).toEqual([port]);
      for (const p of w.probePorts) {
        expect(w.containerPorts.get(p) ?? Number(p), `${w.where} probe port ${p}`).toBe(port);
      }
    }
    for (const w of composeWorkloads) {
      const port = w.env.get(portVariable(w.app));
      expect(w.compose?.healthcheck, w.where).toContain(`127.0.0.1:${port}/readyz`);
      expect(w.compose?.ports, w.where).toContain(`${port}:${port}`);
    }
  });

  it("waits for healthy dependencies, and for one-shot jobs to succeed, in compose", () => {
    const isOneShot = (name: string) => asString(path(composeServices[name], "restart")) === "no";
    for (const [name, spec] of Object.entries(composeServices)) {
      for (const [dependency, condition] of Object.entries(asMap(path(spec, "depends_on")))) {
        expect(asString(path(condition, "condition")), `${name} -> ${dependency}`).toBe(
          isOneShot(dependency) ? "service_completed_successfully" : "service_healthy",
        );
        if (!isOneShot(dependency)) {
          expect(path(composeServices[dependency], "healthcheck", "test"), dependency).toBeTruthy();
        }
      }
    }
    for (const infra of composeInfra.filter((name) => !isOneShot(name))) {
      expect(path(composeServices[infra], "healthcheck", "test"), infra).toBeTruthy();
    }
  });

  it("exposes each service as ClusterIP with a port named grpc that reaches the container", () => {
    const deployments = ofKind("Deployment");
    for (const service of ofKind("Service")) {
      const selector = asMap(path(service.body, "spec", "selector"));
      const selected = deployments.filter((d) => {
        const labels = asMap(path(d.body, "spec", "template", "metadata", "labels"));
        return Object.entries(selector).every(([k, v]) => labels[k] === v);
      });
      expect(selected.length, `Service/${service.name} selects pods`).toBeGreaterThan(0);
      expect(asString(path(service.body, "spec", "type")) ?? "ClusterIP").toBe("ClusterIP");
      const ports = asList(path(service.body, "spec", "ports")).map(asMap);
      expect(
        ports.map((p) => asString(p.name)),
        `Service/${service.name}`,
      ).toEqual(["grpc"]);
      for (const d of selected) {
        const containers = asList(path(d.body, "spec", "template", "spec", "containers")).map(
          asMap,
        );
        const names = containers.flatMap((c) =>
          asList(c.ports).map((p) => asString(path(p, "name"))),
        );
        expect(names, `${d.name} has the port Service/${service.name} targets`).toContain(
          asString(ports[0]?.targetPort),
        );
      }
    }
  });

  it("lets the drain finish before Kubernetes kills the pod", () => {
    for (const w of k8sWorkloads) {
      const graceMs = Number(w.env.get("SHUTDOWN_GRACE_MS") ?? "10000");
      const preStop = asList(path(w.k8s?.container, "lifecycle", "preStop", "exec", "command"));
      const pauseMs = preStop[0] === "sleep" ? Number(asString(preStop[1])) * 1000 : 0;
      const terminationMs =
        Number(asString(path(w.k8s?.podSpec, "terminationGracePeriodSeconds")) ?? "30") * 1000;
      expect(terminationMs, `${w.where}: terminationGracePeriodSeconds`).toBeGreaterThan(
        graceMs + pauseMs,
      );
    }
  });

  it("runs as non-root with requests and limits", () => {
    for (const w of k8sWorkloads) {
      const pod = asMap(w.k8s?.podSpec.securityContext);
      const container = asMap(w.k8s?.container.securityContext);
      expect(asString(container.runAsNonRoot) ?? asString(pod.runAsNonRoot), w.where).toBe("true");
      expect(
        Number(asString(container.runAsUser) ?? asString(pod.runAsUser)),
        w.where,
      ).toBeGreaterThan(0);
      expect(asString(container.allowPrivilegeEscalation), w.where).toBe("false");
      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          expect(
            asString(path(w.k8s?.container, "resources", kind, resource)),
            `${w.where} ${kind}.${resource}`,
          ).toBeTruthy();
        }
      }
    }
  });

  it("splits the projector partitions so that together they cover every partition", () => {
    const projectors = k8sWorkloads.filter((w) => readsOf(w.app).has("PROJECTOR_PARTITIONS"));
    expect(projectors.length).toBeGreaterThan(1);
    const partitions = Number(projectors[0]?.env.get("PARTITIONS") ?? "8");
    const covered = new Set<number>();
    for (const w of projectors) {
      const list = w.env.get("PROJECTOR_PARTITIONS") ?? "all";
      const parts = list === "all" ? [...Array(partitions).keys()] : list.split(",").map(Number);
      for (const p of parts) {
        expect(Number.isInteger(p) && p >= 0 && p < partitions, `${w.where}: partition ${p}`).toBe(
          true,
        );
        covered.add(p);
      }
    }
    expect(covered.size).toBe(partitions);
  });

  it("lists every manifest in kustomization.yaml", () => {
    const kustomization = k8sObjects.find((o) => basename(o.file) === "kustomization.yaml");
    const resources = asList(kustomization?.body.resources).map((r) => asString(r));
    expect(resources.sort()).toEqual(k8sFiles.filter((f) => f !== "kustomization.yaml").sort());
  });

  it("builds one image that runs each service's CLI as a non-root user", () => {
    const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node"\]$/m);
    expect(dockerfile).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
    expect(dockerfile).toContain("npm ci");
    // The build (turbo) and the gathering of what the image holds: runtime-image.int.spec.ts
    // runs the same script and checks what it gathers.
    expect(dockerfile).toMatch(/^RUN node scripts\/build-runtime\.mjs \/out$/m);
    expect(dockerfile).toMatch(/^COPY --from=build .*\/out\/ \.\/$/m);
    expect(dockerfile).toContain("npm prune --omit=dev");
    for (const app of new Set(allWorkloads.map((w) => w.app))) {
      expect(existsSync(join(repoRoot, "apps", app, "src", "cli.ts")), app).toBe(true);
    }
  });
});
