import { useEffect, useState } from 'react';
import { complianceApi } from './complianceApi';

/** Whether the signed-in person holds the compliance officer capability (asked once per mount). */
export function useComplianceOfficer(enabled: boolean): boolean {
  const [officer, setOfficer] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    complianceApi.isOfficer().then((yes) => live && setOfficer(yes), () => live && setOfficer(false));
    return () => {
      live = false;
    };
  }, [enabled]);
  return officer;
}
