import { TextField as Field } from "../../ui/text-field";
import type { LineDraft } from "./order-draft";

/** One order line of the new-order form. */
export function LineFields(props: {
  index: number;
  line: LineDraft;
  currency: string;
  onChange: (line: LineDraft) => void;
  onRemove?: () => void;
}) {
  const { line, index } = props;
  const set = (change: Partial<LineDraft>) => props.onChange({ ...line, ...change });
  return (
    <fieldset className="line" data-line={index}>
      <legend>Line {index + 1}</legend>
      <Field
        label="Product id"
        value={line.productId}
        onChange={(productId) => set({ productId })}
      />
      <Field
        label="Product name"
        value={line.productName}
        onChange={(productName) => set({ productName })}
      />
      <Field
        label="Quantity"
        value={line.quantity}
        inputMode="numeric"
        onChange={(quantity) => set({ quantity })}
      />
      <Field
        label={`Unit price (${props.currency || "currency"})`}
        value={line.unitPrice}
        inputMode="decimal"
        onChange={(unitPrice) => set({ unitPrice })}
      />
      {props.onRemove && (
        <button type="button" className="link-button" onClick={props.onRemove}>
          Remove line {index + 1}
        </button>
      )}
    </fieldset>
  );
}
