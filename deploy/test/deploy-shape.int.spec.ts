// deploy/ against the code beyond environment variables: probes and ports agree with the
// service's port variable, the drain fits in Kubernetes' grace period, pods run as non-root with
// resources, the projector replicas cover every partition, and the image runs each service's CLI.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  allWorkloads,
  asList,
  asMap,
  asString,
  composeInfra,
  composeServices,
  composeWorkloads,
  k8sFiles,
  k8sObjects,
  k8sWorkloads,
  ofKind,
  path,
} from "./deploy-manifests.js";
import { portVariable, readsOf, repoRoot } from "./service-variables.js";

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
