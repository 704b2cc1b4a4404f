import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
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
import type { Services } from "./services/services";
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

/** Failed calls are retried once, then shown; live views poll on their own schedule. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
  });
}

export function App(props: {
  config: RuntimeConfig;
  services: Services;
  queryClient: QueryClient;
}) {
  return (
    <RuntimeConfigProvider config={props.config}>
      <QueryClientProvider client={props.queryClient}>
        <AuthProvider>
          <ServicesProvider services={props.services}>
            <Layout>
              <Pages />
            </Layout>
          </ServicesProvider>
        </AuthProvider>
      </QueryClientProvider>
    </RuntimeConfigProvider>
  );
}
