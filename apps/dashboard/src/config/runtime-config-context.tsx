import { createContext, type ReactNode, useContext } from "react";
import { parseRuntimeConfig, type RuntimeConfig } from "../shared/runtime-config";

/** The id of the script element in which the static server inlines /config.json. */
export const inlineConfigId = "orderlens-config";

/**
 * The deployment's settings: inlined into index.html by the static server (no extra round trip
 * before the first call), else /config.json.
 */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const inline = document.getElementById(inlineConfigId)?.textContent;
  if (inline) return parseRuntimeConfig(JSON.parse(inline));
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
