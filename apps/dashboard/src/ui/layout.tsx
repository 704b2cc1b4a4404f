import type { ReactNode } from "react";
import { Link, useRoute } from "wouter";
import { useAuth } from "../auth/auth-context";

function NavLink(props: { href: string; children: ReactNode; match?: string }) {
  const [active] = useRoute(props.match ?? props.href);
  return (
    <Link href={props.href} aria-current={active ? "page" : undefined}>
      {props.children}
    </Link>
  );
}

function AuthStatus() {
  const { required, token, signOut } = useAuth();
  if (!required) {
    return (
      <span className="mode-badge" data-testid="development-mode">
        Development mode: the services check no tokens
      </span>
    );
  }
  if (!token) return null;
  return (
    <button type="button" className="link-button" onClick={signOut}>
      Sign out
    </button>
  );
}

export function Layout(props: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">orderlens</span>
        <nav aria-label="Pages">
          <NavLink href="/">Overview</NavLink>
          <NavLink href="/search">Search</NavLink>
          <NavLink href="/orders/new">New order</NavLink>
          <NavLink href="/operations">Operations</NavLink>
        </nav>
        <AuthStatus />
      </header>
      <main id="main">{props.children}</main>
    </>
  );
}
