/**
 * File uploads: POST /api/v1/attachments?name=<file name> with the bytes as the body. XMLHttpRequest
 * instead of fetch because fetch cannot report upload progress. Same rules as http.ts: cookies,
 * X-CSRF-Token, JSON errors -> ApiError, the answer validated with zod.
 */
import { API_BASE, ApiError, getCsrfToken, parseError } from './http';
import { attachmentSchema, type Attachment } from './schemas';

export function uploadAttachment(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/attachments?name=${encodeURIComponent(file.name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: 'upload failed' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(parseError(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
        return;
      }
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        reject(new ApiError({ status: xhr.status, code: 'bad_response', message: 'invalid JSON' }));
        return;
      }
      const parsed = attachmentSchema.safeParse(data);
      if (!parsed.success) reject(new ApiError({ status: xhr.status, code: 'bad_response', message: 'unexpected response' }));
      else {
        onProgress(1);
        resolve(parsed.data);
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
