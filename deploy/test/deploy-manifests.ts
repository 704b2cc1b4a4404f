// deploy/compose.yaml and deploy/k8s/*.yaml as the services see them: one Workload per orderlens
// container (which app, its environment and where each variable came from, ports, probes), plus
// the Kubernetes objects and the ConfigMaps and Secrets the containers draw from.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { repoRoot } from "./service-variables.js";

const deployDir = join(repoRoot, "deploy");
const k8sDir = join(deployDir, "k8s");

// Read with the failsafe schema: every scalar stays a string, as the files' values reach the
// services (environment variables are strings).
export type Yaml = string | null | Yaml[] | YamlMap;
export interface YamlMap {
  [key: string]: Yaml;
}

function parseYamlDocuments(source: string, file: string): Yaml[] {
  return parseAllDocuments(source, { schema: "failsafe" }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    return doc.toJS() as Yaml;
  });
}

export const isMap = (v: Yaml | undefined): v is YamlMap =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const asMap = (v: Yaml | undefined): YamlMap => (isMap(v) ? v : {});
export const asList = (v: Yaml | undefined): Yaml[] => (Array.isArray(v) ? v : []);
export const asString = (v: Yaml | undefined): string | undefined =>
  typeof v === "string" ? v : undefined;
export const path = (v: Yaml | undefined, ...keys: string[]): Yaml | undefined =>
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
export interface Workload {
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
export const composeServices = asMap(compose.services);
export const composeWorkloads: Workload[] = [];
export const composeInfra: string[] = [];
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
export const k8sFiles = readdirSync(k8sDir)
  .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
  .sort();
export const k8sObjects: K8sObject[] = k8sFiles.flatMap((file) =>
  parseYamlDocuments(readFileSync(join(k8sDir, file), "utf8"), `deploy/k8s/${file}`).map((doc) => ({
    file,
    kind: asString(path(doc, "kind")) ?? "",
    name: asString(path(doc, "metadata", "name")) ?? "",
    body: asMap(doc),
  })),
);
export const ofKind = (kind: string) => k8sObjects.filter((o) => o.kind === kind);

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
export const configMaps = new Map(
  serviceSources("ConfigMap").map((o) => [o.name, asMap(o.body.data)]),
);
export const secrets = new Map(
  serviceSources("Secret").map((o) => [
    o.name,
    { ...asMap(o.body.data), ...asMap(o.body.stringData) },
  ]),
);
export const referencedSources = new Set<string>();
export const danglingRefs: string[] = [];

export const k8sWorkloads: Workload[] = [];
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

export const allWorkloads = [...composeWorkloads, ...k8sWorkloads];
