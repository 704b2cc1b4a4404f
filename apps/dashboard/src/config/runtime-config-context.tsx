import { createContext, type ReactNode, useContext } from "react";
import { parseRuntimeConfig, type RuntimeConfig } from "../shared/runtime-config";

/** /config.json, written by the static server for this deployment. */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`/config.json answered HTTP ${response.status}`);
  return parseRuntimeConfig(await response.json());
}

const RuntimeConfigContext = createContext<RuntimeConfig | undefined>(undefined);

export function RuntimeConfigProvider(props: { config: RuntimeConfig; children: ReactNode }) {
  return (
    <RuntimeConfigContext.Provider value={props.config}>
      {props.children}
    </RuntimeConfigContext.Provider>
  );
}

export function useRuntimeConfig(): RuntimeConfig {
  const config = useContext(RuntimeConfigContext);
  if (!config) throw new Error("useRuntimeConfig outside RuntimeConfigProvider");
  return config;
}
