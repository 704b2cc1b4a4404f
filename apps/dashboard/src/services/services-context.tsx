import { TransportProvider } from "@connectrpc/connect-query";
import { createContext, type ReactNode, useContext, useMemo, useRef } from "react";
import { useAuth } from "../auth/auth-context";
import { useRuntimeConfig } from "../config/runtime-config-context";
import { createServices, type Services } from "./services";

const ServicesContext = createContext<Services | undefined>(undefined);

/** The three transports; query-svc is the default one for connect-query hooks. */
export function ServicesProvider(props: { children: ReactNode }) {
  const config = useRuntimeConfig();
  const { token } = useAuth();
  const current = useRef(token);
  current.current = token;
  const services = useMemo(() => createServices(config, () => current.current), [config]);
  return (
    <ServicesContext.Provider value={services}>
      <TransportProvider transport={services.query}>{props.children}</TransportProvider>
    </ServicesContext.Provider>
  );
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesProvider");
  return services;
}
