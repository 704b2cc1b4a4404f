import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { Route, Switch, useLocation } from "wouter";
import { AuthProvider, useAuth } from "./auth/auth-context";
import { TokenForm } from "./auth/token-form";
import { RuntimeConfigProvider } from "./config/runtime-config-context";
import { ErrorBoundary } from "./errors/error-boundary";
import { OperationsPage } from "./pages/operations/operations-page";
import { NewOrderPage } from "./pages/order/new-order-page";
import { OrderPage } from "./pages/order/order-page";
import { OverviewPage } from "./pages/overview/overview-page";
import { SearchPage } from "./pages/search/search-page";
import { ServicesProvider } from "./services/services-context";
import type { RuntimeConfig } from "./shared/runtime-config";
import { Layout } from "./ui/layout";

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is no page at this address.</p>
    </>
  );
}

function Pages() {
  const { required, token } = useAuth();
  const [location] = useLocation();
  if (required && !token) return <TokenForm />;
  return (
    <ErrorBoundary resetKey={location}>
      <Switch>
        <Route path="/" component={OverviewPage} />
        <Route path="/search" component={SearchPage} />
        <Route path="/orders/new" component={NewOrderPage} />
        <Route path="/orders/:id">{(params) => <OrderPage orderId={params.id} />}</Route>
        <Route path="/operations" component={OperationsPage} />
        <Route component={NotFound} />
      </Switch>
    </ErrorBoundary>
  );
}

export function App(props: { config: RuntimeConfig }) {
  // Failed calls show their error at once; live views poll on their own schedule.
  const [queryClient] = useState(
    () =>
      new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  return (
    <RuntimeConfigProvider config={props.config}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <ServicesProvider>
            <Layout>
              <Pages />
            </Layout>
          </ServicesProvider>
        </AuthProvider>
      </QueryClientProvider>
    </RuntimeConfigProvider>
  );
}
