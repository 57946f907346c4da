import { Fragment } from "react";

/** Rule prose with `code` spans (the registry writes role actions and wildcards in backticks). */
export function RuleText({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}</>
  );
}
