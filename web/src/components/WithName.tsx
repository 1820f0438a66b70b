/**
 * A translated sentence whose "{name}" is filled with a <bdi>, so that a name in the other script
 * (a Latin name in an Arabic sentence, or the reverse) cannot reorder the words around it.
 */
export function WithName({ text, name }: { text: string; name: string }) {
  const [before, ...after] = text.split('{name}');
  if (!after.length) return <>{text}</>;
  return (
    <>
      {before}
      <bdi>{name}</bdi>
      {after.join(name)}
    </>
  );
}
