/** "blood_type" -> "Blood type": a readable label for a custom field key without a definition. */
export function humanizeKey(key: string): string {
  const words = key.replace(/[_\-.]+/g, ' ').trim();
  if (!words) return key;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
