// A person's profile photo: choose one, place it in the square, send it; or remove it. The same
// card serves one's own account page and an admin's page of a person (`owner`).
import { Confirm } from '../../components/Confirm';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Person } from '../../api/schemas';
import { uploadPhoto, type PhotoOwner } from '../../api/upload';
import { Avatar } from '../../components/Avatar';
import { Alert } from '../../components/Field';
import { useI18n } from '../../i18n';
import { notePhoto } from '../../state/photos';
import { initialCrop, squareOf, type Crop, type Size } from './crop';
import { PhotoCropper } from './PhotoCropper';
import { PHOTO_TYPES, photoErrorMessage, photoFileProblem, photoProblemMessage } from './photoFile';
import './account.css';

interface Props {
  owner: PhotoOwner;
  person: Person;
  onChanged: (person: Person) => void;
}

interface Chosen {
  file: File;
  url: string;
  size: Size;
}

type Msg = { kind: 'error' | 'success'; text: string } | null;

/** The image's upright size as the browser shows it, or null when it cannot show it. */
function imageSize(url: string): Promise<Size | null> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img.naturalWidth > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : null);
    img.onerror = () => resolve(null);
    img.src = url;
  });
}

export function PhotoCard({ owner, person, onChanged }: Props) {
  const { t } = useI18n();
  const self = owner === 'me';
  const input = useRef<HTMLInputElement>(null);
  const chooseButton = useRef<HTMLButtonElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [crop, setCrop] = useState<Crop | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<Msg>(null);

  // the chosen file's object URL lives as long as the crop step
  useEffect(() => () => (chosen ? URL.revokeObjectURL(chosen.url) : undefined), [chosen]);
  // back from the crop step (sent or cancelled), the keyboard continues from the choose button
  const cropping = chosen !== null;
  const wasCropping = useRef(false);
  useEffect(() => {
    if (wasCropping.current && !cropping) chooseButton.current?.focus();
    wasCropping.current = cropping;
  }, [cropping]);

  async function choose(file: File | undefined) {
    if (!file) return;
    setMsg(null);
    setConfirming(false);
    const problem = photoFileProblem(file);
    if (problem) {
      setMsg({ kind: 'error', text: photoProblemMessage(t, problem) });
      return;
    }
    const url = URL.createObjectURL(file);
    const size = await imageSize(url);
    if (!size) {
      URL.revokeObjectURL(url);
      setMsg({ kind: 'error', text: photoProblemMessage(t, 'unreadable') });
      return;
    }
    setChosen({ file, url, size });
    setCrop(initialCrop(size));
  }

  function changed(p: Person, text: string) {
    notePhoto(p);
    onChanged(p);
    setMsg({ kind: 'success', text });
  }

  async function send() {
    if (!chosen || !crop) return;
    setBusy(true);
    setMsg(null);
    setProgress(0);
    try {
      const p = await uploadPhoto(owner, chosen.file, squareOf(chosen.size, crop), setProgress);
      setChosen(null);
      changed(p, t(self ? 'photo.saved_self' : 'photo.saved_admin'));
    } catch (e) {
      setMsg({ kind: 'error', text: photoErrorMessage(t, e) });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  async function remove() {
    setBusy(true);
    setMsg(null);
    try {
      const res = owner === 'me' ? await api.removeMyPhoto() : await api.removePersonPhoto(owner.personId);
      setConfirming(false);
      changed(res.person, t('photo.removed'));
    } catch (e) {
      setMsg({ kind: 'error', text: photoErrorMessage(t, e) });
    } finally {
      setBusy(false);
    }
  }

  const has = !!person.photo_version;
  return (
    <section className="card photo-card" aria-labelledby="photo-h" data-testid="photo-card">
      <h2 id="photo-h">{t('photo.title')}</h2>
      <p className="hint">{self ? t('photo.hint_self') : t('photo.hint_admin', { name: person.name })}</p>
      {/* the file input stays out of sight: the button opens it, and a phone offers camera or gallery */}
      <input
        ref={input}
        type="file"
        accept={PHOTO_TYPES.join(',')}
        hidden
        onChange={(e) => {
          void choose(e.target.files?.[0]);
          e.target.value = ''; // the same file again is a new choice
        }}
        data-testid="photo-input"
      />
      {chosen && crop ? (
        <div className="photo-crop-step" data-testid="photo-crop">
          <h3>{t('photo.crop_title')}</h3>
          <PhotoCropper src={chosen.url} size={chosen.size} crop={crop} onCrop={setCrop} />
          {progress !== null ? <progress max={1} value={progress} aria-label={t('photo.uploading')} /> : null}
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void send()}>
              {busy ? t('common.working') : t('photo.use')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => setChosen(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="photo-current">
          <Avatar
            name={person.name}
            personId={person.id}
            photoVersion={person.photo_version ?? null}
            size="large"
            className="avatar-xl"
            label={t('photo.of', { name: person.name })}
            testId="photo-current"
          />
          <div className="actions">
            <button ref={chooseButton} type="button" className="btn" disabled={busy} onClick={() => input.current?.click()} data-testid="photo-choose">
              {has ? t('photo.change') : t('photo.choose')}
            </button>
            {has && !confirming ? (
              <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirming(true)}>
                {t('photo.remove')}
              </button>
            ) : null}
          </div>
        </div>
      )}
      {confirming ? (
        <Confirm
          title={t('photo.remove_title')}
          text={self ? t('photo.remove_text_self') : t('photo.remove_text_admin', { name: person.name })}
          confirmLabel={t('photo.remove_confirm')}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      {msg ? <Alert kind={msg.kind}>{msg.text}</Alert> : null}
    </section>
  );
}
