import { useEffect, useState } from 'react';
import { ControlPanel } from './control/ControlPanel.tsx';
import { InsurerApp } from './insurer/InsurerApp.tsx';
import { PatientApp } from './patient/PatientApp.tsx';
import { StaffApp } from './staff/StaffApp.tsx';
import { StaffAppPage } from './staffApp/StaffAppPage.tsx';

/**
 * One bundle, five screens by hash: `/` the reader's touch panel, `#/staff` the 資格確認端末, `#/staffApp` the
 * マイナ資格確認アプリ (a phone-sized staff page), `#/control` the simulator, `#/insurer` the 総点検's report for
 * insurers (served by `kiosk linkage serve`).
 */
export function App() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  // `#/staffApp` before `#/staff`, which it starts with.
  if (hash.startsWith('#/staffApp')) return <StaffAppPage />;
  if (hash.startsWith('#/staff')) return <StaffApp />;
  if (hash.startsWith('#/control')) return <ControlPanel />;
  if (hash.startsWith('#/insurer')) return <InsurerApp />;
  return <PatientApp />;
}
