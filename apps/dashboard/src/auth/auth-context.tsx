import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { useRuntimeConfig } from "../config/runtime-config-context";
import { readToken, writeToken } from "./token-store";

export interface Auth {
  /** False in development mode (the services check no tokens). */
  required: boolean;
  token: string | undefined;
  signIn(token: string): void;
  signOut(): void;
}

const AuthContext = createContext<Auth | undefined>(undefined);

export function AuthProvider(props: { children: ReactNode }) {
  const { authRequired } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const [token, setToken] = useState(readToken);
  // Whatever was read (or refused) with another token must not be shown with this one.
  const change = useCallback(
    (value: string | undefined) => {
      writeToken(value);
      queryClient.clear();
      setToken(value);
    },
    [queryClient],
  );
  const signIn = useCallback((value: string) => change(value), [change]);
  const signOut = useCallback(() => change(undefined), [change]);
  const auth = useMemo(
    () => ({ required: authRequired, token, signIn, signOut }),
    [authRequired, token, signIn, signOut],
  );
  return <AuthContext.Provider value={auth}>{props.children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}
