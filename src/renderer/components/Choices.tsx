/** A select's options: each value, labelled (from the message catalogs) by `label`. */
export function Choices<T extends string>({ values, label }: { values: readonly T[]; label: (value: T) => string }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </>
  );
}
