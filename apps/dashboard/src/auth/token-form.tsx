import { type FormEvent, useId, useState } from "react";
import { useAuth } from "./auth-context";

/** Shown instead of the pages while the services want a token and none is set. */
export function TokenForm() {
  const { signIn } = useAuth();
  const [value, setValue] = useState("");
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = value.trim();
    if (token !== "") signIn(token);
  };
  return (
    <section className="panel sign-in" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Sign in</h1>
      <p>
        These services check bearer tokens. Paste yours; it is kept in this tab only
        (sessionStorage) and sent with every request.
      </p>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-token`}>Token</label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
