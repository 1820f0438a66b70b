import { Fragment } from 'react';

/**
 * Values people typed, side by side ("Dispatch lead · sara@example.com"): each in its own <bdi>, so
 * two Latin values inside an Arabic line keep their order instead of running together backwards.
 */
export function Isolated({ values, separator = ' · ' }: { values: (string | null | undefined)[]; separator?: string }) {
  return (
    <>
      {values
        .filter((v): v is string => !!v)
        .map((v, i) => (
          <Fragment key={i}>
            {i > 0 ? separator : null}
            <bdi>{v}</bdi>
          </Fragment>
        ))}
    </>
  );
}

/** A text for a string-only place (a preview line): the same isolation with Unicode's FSI … PDI. */
export function isolate(s: string): string {
  return s ? `\u2068${s}\u2069` : s;
}
