import { useAuth } from "../auth/auth-context";
import { describeError } from "./describe-error";

/** A service error, readable: title, message, the field violations, and a way out if it is auth. */
export function ErrorPanel(props: { error: unknown; context?: string }) {
  const { required, signOut } = useAuth();
  const d = describeError(props.error);
  return (
    <div className="error" role="alert" data-code={d.code}>
      <p>
        <strong>{props.context ? `${props.context}: ${d.title}` : d.title}</strong>{" "}
        <span className="muted">({d.code})</span>
      </p>
      {d.message && <p className="error-message">{d.message}</p>}
      {d.violations.length > 0 && (
        <ul className="violations" aria-label="Invalid fields">
          {d.violations.map((v) => (
            <li key={`${v.field}:${v.description}`}>
              <code>{v.field}</code> {v.description}
            </li>
          ))}
        </ul>
      )}
      {required && (d.code === "Unauthenticated" || d.code === "PermissionDenied") && (
        <button type="button" onClick={signOut}>
          Use another token
        </button>
      )}
    </div>
  );
}
