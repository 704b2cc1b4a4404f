import { TransportProvider } from "@connectrpc/connect-query";
import { createContext, type ReactNode, useContext } from "react";
import type { Services } from "./services";

const ServicesContext = createContext<Services | undefined>(undefined);

/** The three transports; query-svc is the default one for connect-query hooks. */
export function ServicesProvider(props: { services: Services; children: ReactNode }) {
  const { services } = props;
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
