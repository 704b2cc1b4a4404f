import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import mysql from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";

// The MySQL accounts are created in three places (the local services script, compose, the
// Kubernetes Job) from one script; this keeps the copies equal, the services' URLs pointing at
// the right account, and the grants on a live server equal to what the script declares.
const deployDir = resolve(import.meta.dirname, "..");
const scriptPath = join(deployDir, "mysql/accounts.sh");

const passwords = {
  orderlens_command: process.env.ORDERLENS_COMMAND_DB_PASSWORD ?? "orderlens-command-dev",
  orderlens_projector: process.env.ORDERLENS_PROJECTOR_DB_PASSWORD ?? "orderlens-projector-dev",
  orderlens_dev: process.env.ORDERLENS_DEV_DB_PASSWORD ?? "orderlens-dev",
} as const;
type Account = keyof typeof passwords;
const accounts = Object.keys(passwords) as Account[];

/** `user -> ["PRIVILEGES ON db.*", ...]`, sorted, from GRANT statements in either form. */
function grantsOf(statements: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of statements) {
    const m = /^GRANT (.+) ON (\S+) TO [`']([\w]+)[`']@[`']%[`']/.exec(line.trim());
    if (!m || m[1] === "USAGE") continue;
    const [, privileges, on, user] = m as unknown as [string, string, string, string];
    const list = out.get(user) ?? [];
    list.push(`${privileges} ON ${on.replaceAll("'", "`")}`);
    out.set(user, list.sort());
  }
  return out;
}

function declaredGrants(): Map<string, string[]> {
  const sql = execFileSync("sh", [scriptPath], {
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
  return grantsOf(sql.split("\n"));
}

/** The parts of compose.yaml and the Kubernetes objects this file reads. */
interface ComposeService {
  volumes?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  depends_on: Record<string, { condition: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}
interface K8sObject {
  kind: string;
  metadata: { name: string };
  data: Record<string, string>;
  stringData: Record<string, string>;
  spec: { template: { spec: { containers: { command: string[] }[] } } };
}

function yamlDocuments<T>(file: string): T[] {
  return parseAllDocuments(readFileSync(join(deployDir, file), "utf8")).map((d) => d.toJS() as T);
}
const composeFile = () => yamlDocuments<ComposeFile>("compose.yaml")[0] as ComposeFile;

function userOf(url: string): { user: string; password: string } {
  const u = new URL(url.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1"));
  return { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

describe("the accounts script", () => {
  it("declares the three accounts with the least rights each part needs", () => {
    expect(Object.fromEntries(declaredGrants())).toEqual({
      orderlens_command: ["ALL PRIVILEGES ON `orderlens`.*"],
      orderlens_projector: ["ALL PRIVILEGES ON `orderlens\\_read`.*", "SELECT ON `orderlens`.*"],
      orderlens_dev: ["ALL PRIVILEGES ON `bench\\_%`.*", "ALL PRIVILEGES ON `t\\_%`.*"],
    });
  });

  it("refuses a password that could end its SQL string", () => {
    expect(() =>
      execFileSync("sh", [scriptPath], {
        stdio: "pipe",
        env: { PATH: process.env.PATH, ORDERLENS_DEV_DB_PASSWORD: "x'; DROP USER root; --" },
      }),
    ).toThrow(/must not contain/);
  });
});

describe("deploy/ creates the same accounts", () => {
  it("the Kubernetes Job runs a byte-for-byte copy of the script", () => {
    const docs = yamlDocuments<K8sObject>("k8s/mysql-accounts.yaml");
    const configMap = docs.find((d) => d.kind === "ConfigMap");
    expect(configMap?.data["accounts.sh"]).toBe(readFileSync(scriptPath, "utf8"));
    const job = docs.find((d) => d.kind === "Job");
    const container = job?.spec.template.spec.containers[0];
    expect(container?.command.join(" ")).toContain("sh /orderlens/accounts.sh | mysql");
    expect(
      parse(readFileSync(join(deployDir, "k8s/kustomization.yaml"), "utf8")).resources,
    ).toContain("mysql-accounts.yaml");
  });

  it("compose runs the script itself before any service starts", () => {
    const compose = composeFile();
    const job = compose.services["mysql-accounts"];
    expect(job?.volumes).toContain("./mysql/accounts.sh:/orderlens/accounts.sh:ro");
    expect(job?.entrypoint?.join(" ")).toContain("sh /orderlens/accounts.sh | mysql");
    for (const service of ["command-svc", "projector"]) {
      expect(compose.services[service]?.depends_on["mysql-accounts"]).toEqual({
        condition: "service_completed_successfully",
      });
    }
  });

  it("each service's URLs use its own account, with the password the accounts get", () => {
    const compose = composeFile();
    const composeEnv = (s: string) => compose.services[s]?.environment ?? {};
    const accountsEnv = composeEnv("mysql-accounts");
    const secrets: Record<string, Record<string, string>> = Object.fromEntries(
      yamlDocuments<K8sObject>("k8s/secret.yaml").map((d) => [d.metadata.name, d.stringData]),
    );
    const k8sEnv = (name: string) => secrets[name] ?? {};
    const k8sAccounts = k8sEnv("orderlens-mysql-accounts");
    const cases: [string, Record<string, string>, Record<string, string>, Account][] = [
      [
        "MYSQL_URL",
        composeEnv("command-svc"),
        k8sEnv("orderlens-command-svc"),
        "orderlens_command",
      ],
      ["MYSQL_URL", composeEnv("projector"), k8sEnv("orderlens-projector"), "orderlens_projector"],
      [
        "PROJECTOR_MYSQL_URL",
        composeEnv("projector"),
        k8sEnv("orderlens-projector"),
        "orderlens_projector",
      ],
    ];
    const passwordVar = (a: Account) =>
      `ORDERLENS_${a.replace("orderlens_", "").toUpperCase()}_DB_PASSWORD`;
    for (const [name, composeVars, k8sVars, account] of cases) {
      const fromCompose = userOf(composeVars[name] as string);
      expect(fromCompose.user, `compose ${name}`).toBe(account);
      expect(fromCompose.password).toBe(
        userOf(`x://u:${accountsEnv[passwordVar(account)]}@h`).password,
      );
      const fromK8s = userOf(k8sVars[name] as string);
      expect(fromK8s.user, `k8s ${name}`).toBe(account);
      expect(fromK8s.password).toBe(k8sAccounts[passwordVar(account)]);
    }
  });
});

describe("the live server (deploy/local/start-services.sh ran the script)", () => {
  const server = new URL(process.env.MYSQL_URL ?? "mysql://127.0.0.1:3306");
  const connect = (user: Account) =>
    mysql.createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user,
      password: passwords[user],
    });

  it.each(accounts)("%s logs in over TCP and has exactly the declared grants", async (user) => {
    const conn = await connect(user);
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW GRANTS");
      const live = grantsOf(rows.map((r) => String(Object.values(r)[0])));
      expect(live.get(user)).toEqual(declaredGrants().get(user));
    } finally {
      await conn.end();
    }
  });

  it("no account reaches beyond its rights", async () => {
    const denied = async (user: Account, sql: string) => {
      const conn = await connect(user);
      try {
        await expect(conn.query(sql), `${user}: ${sql}`).rejects.toThrow(/denied/i);
      } finally {
        await conn.end();
      }
    };
    await denied("orderlens_command", "SELECT * FROM orderlens_read.projected_orders");
    await denied("orderlens_command", "CREATE DATABASE t_not_for_command");
    await denied("orderlens_projector", "INSERT INTO orderlens.events (event_id) VALUES ('x')");
    await denied("orderlens_projector", "DROP DATABASE orderlens");
    await denied("orderlens_dev", "CREATE DATABASE orderlens_elsewhere");
    await denied("orderlens_dev", "SELECT * FROM mysql.user");
  });
});
