import { useEffect, useState } from 'react';
import { ControlPanel } from './control/ControlPanel.tsx';
import { InsurerApp } from './insurer/InsurerApp.tsx';
import { PatientApp } from './patient/PatientApp.tsx';
import { StaffApp } from './staff/StaffApp.tsx';

/**
 * One bundle, four screens by hash: `/` the reader's touch panel, `#/staff` the 資格確認端末, `#/control` the
 * simulator, `#/insurer` the 総点検's report for insurers (served by `kiosk linkage serve`).
 */
export function App() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  if (hash.startsWith('#/staff')) return <StaffApp />;
  if (hash.startsWith('#/control')) return <ControlPanel />;
  if (hash.startsWith('#/insurer')) return <InsurerApp />;
  return <PatientApp />;
}
