import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * A button for anything that changes the system: it opens a modal question first, and only its
 * confirm button acts. Escape or Cancel backs out.
 */
export function ConfirmButton(props: {
  label: ReactNode;
  disabled?: boolean;
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
    if (!open && dialog?.open) dialog.close();
  }, [open]);
  return (
    <>
      <button type="button" disabled={props.disabled} onClick={() => setOpen(true)}>
        {props.label}
      </button>
      <dialog
        ref={ref}
        aria-labelledby={`${id}-title`}
        onCancel={() => setOpen(false)}
        className="confirm"
      >
        <h2 id={`${id}-title`}>{props.title}</h2>
        <div>{props.children}</div>
        <div className="actions">
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setOpen(false);
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
