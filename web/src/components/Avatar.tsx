// A person's (or a conversation's) round picture: the profile photo when there is one, else the
// initials. The initials sit under the photo, so they show while it loads and if it fails.
import { useState, type ReactNode } from 'react';
import { initials } from '../features/directory/initials';
import { photoUrl, usePhotoVersion, type PhotoSize } from '../state/photos';

interface Props {
  name: string;
  /** Whose photo to show; without it (groups, channels) only `fallback` or the initials. */
  personId?: string | null;
  /**
   * The version when the caller has the Person at hand (directory, profile): it wins over the map.
   * Left out, the photo map (state/photos.ts) says.
   */
  photoVersion?: string | null;
  /** 128-pixel photos for lists, 512 for the profile pages. */
  size?: PhotoSize;
  className?: string;
  /** Given when the picture stands alone (no name beside it): its accessible name. */
  label?: string;
  /** What to show instead of the initials (a channel's mark). */
  fallback?: ReactNode;
  testId?: string;
}

export function Avatar({ name, personId, photoVersion, size = 'small', className = '', label, fallback, testId }: Props) {
  const fromMap = usePhotoVersion(photoVersion === undefined ? personId : null);
  const version = photoVersion === undefined ? fromMap : photoVersion;
  const src = personId && version ? photoUrl(personId, version, size) : null;
  const [failed, setFailed] = useState<string | null>(null);
  const photo = src !== null && failed !== src;
  // alone, the initials say who it is; beside the name, the picture is decoration
  const alone = label !== undefined && !photo;
  return (
    <span
      className={`avatar${className ? ` ${className}` : ''}`}
      aria-hidden={label === undefined ? true : undefined}
      role={alone ? 'img' : undefined}
      aria-label={alone ? label : undefined}
      data-testid={testId}
    >
      <span aria-hidden="true">{fallback ?? initials(name)}</span>
      {photo ? <img src={src} alt={label ?? ''} loading="lazy" decoding="async" draggable={false} onError={() => setFailed(src)} /> : null}
    </span>
  );
}
