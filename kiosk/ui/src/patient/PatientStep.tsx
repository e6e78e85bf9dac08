import type { ReactNode } from 'react';
import { Message } from './Message.tsx';
import { MethodChoice } from './MethodChoice.tsx';
import type { PatientText } from './patientText.ts';
import { PinPad } from './PinPad.tsx';
import { ResultCard } from './ResultCard.tsx';
import type { PatientScreen } from '../../../protocol/KioskScreen.ts';
import type { UiEvent } from '../../../protocol/UiEvent.ts';
import { ConsentScreen } from './ConsentScreen.tsx';

interface StepProps {
  screen: PatientScreen;
  t: PatientText;
  send: (event: UiEvent) => void;
  sendPin: (pin: string) => void;
}

function Button(props: { onClick: () => void; kind?: 'primary' | 'secondary'; children: ReactNode }) {
  return (
    <button type="button" className={props.kind ?? 'primary'} onClick={props.onClick}>
      {props.children}
    </button>
  );
}

/** One screen per state of the visit; anything unknown falls back to "please wait", never to a blank. */
export function PatientStep({ screen, t, send, sendPin }: StepProps) {
  const cancel = <Button kind="secondary" onClick={() => send({ type: 'cancel' })}>{t.cancel}</Button>;
  const step = screen.step;

  const said = screen.message ? t.said[screen.message] : undefined;
  const button = (label: string, onClick: () => void, kind: 'primary' | 'secondary' = 'primary') => (
    <Button kind={kind} onClick={onClick}>
      {label}
    </Button>
  );
  const back = <Button kind="secondary" onClick={() => send({ type: 'method.back' })}>{t.back}</Button>;

  if (step.startsWith('askingConsent.')) return <ConsentScreen part={step.split('.')[1]!} t={t} send={send} button={button} />;
  if (step.startsWith('outage')) {
    const outageCase = screen.outageCase ?? 'terminalFault';
    if (step === 'outage.lookingUp' || step === 'outage.choosingCandidate' || step === 'outage.confirmingMatch') return <Message title={t.staffReview} hint={t.outageLookingUp} busy />;
    if (step === 'outage.declaration') return <Message title={t.staffReview} hint={t.outageDeclaration} tone="attention" />;
    return <Message title={said?.title ?? t.outageTitle[outageCase]} hint={said?.hint ?? t.outageHint[outageCase]} tone="attention" />;
  }

  switch (step) {
    case 'standby': {
      const banner = screen.outageBanner ? (screen.health.reader === 'fault' ? t.banner.reader : screen.health.service === 'down' ? t.banner.service : t.banner.camera) : null;
      return (
        <>
          {banner && <p className="banner" role="alert">{banner}</p>}
          {said ? (
            <Message title={said.title} hint={said.hint} tone="attention" />
          ) : (
            <Message title={t.placeCard} hint={t.placeCardHint}>
              <Button kind="secondary" onClick={() => send({ type: 'document.chosen' })}>{t.haveCertificate}</Button>
              {screen.phoneAccepted && <Button kind="secondary" onClick={() => send({ type: 'phone.chosen' })}>{t.usePhone}</Button>}
            </Message>
          )}
          <div className="card-slot" aria-hidden="true" />
        </>
      );
    }
    case 'usingSmartphone': {
      const words = said ?? { title: t.pleaseWait, hint: '' };
      switch (screen.message) {
        case 'phoneChooseKind':
          return (
            <Message title={words.title} hint={words.hint}>
              <Button onClick={() => send({ type: 'phone.kindChosen', kind: 'iPhone' })}>{t.phoneIPhone}</Button>
              <Button onClick={() => send({ type: 'phone.kindChosen', kind: 'androidPhone' })}>{t.phoneAndroid}</Button>
              <Button kind="secondary" onClick={() => send({ type: 'phone.useCard' })}>{t.phoneUseCard}</Button>
              {cancel}
            </Message>
          );
        case 'phoneEnterPin':
          return (
            <>
              <Message title={words.title} hint={words.hint} />
              <PinPad t={t} triesLeft={null} onPin={sendPin} onBack={() => send({ type: 'cancel' })} onCancel={() => send({ type: 'cancel' })} />
            </>
          );
        case 'phoneHoldAndroid':
        case 'phoneHoldIPhone':
          return <Message title={words.title} hint={words.hint}>{cancel}</Message>;
        case 'phoneReading':
          return <Message title={words.title} hint={words.hint} busy />;
        case 'phoneNotRead':
          return (
            <Message title={words.title} hint={words.hint} tone="attention">
              <Button onClick={() => send({ type: 'phone.retry' })}>{t.phoneHoldAgain}</Button>
              <Button kind="secondary" onClick={() => send({ type: 'phone.useCard' })}>{t.phoneUseCard}</Button>
              {cancel}
            </Message>
          );
        case 'phonePinBlocked':
        case 'phoneExpired':
          return (
            <Message title={words.title} hint={words.hint} tone="attention">
              <Button onClick={() => send({ type: 'result.acknowledged' })}>{t.ok}</Button>
            </Message>
          );
        default:
          return <Message title={words.title} hint={words.hint} tone="attention" />;
      }
    }
    case 'awaitingCard':
      return (
        <>
          <Message title={said?.title ?? t.placeCard} hint={said?.hint}>{cancel}</Message>
          <div className="card-slot" aria-hidden="true" />
        </>
      );
    case 'readingCardFace':
      return screen.cardFaceByCamera ? <Message title={t.showCardFace} hint={t.showCardFaceHint} busy /> : <Message title={t.readingFace} hint={t.readingFaceHint} busy />;
    case 'enteringCardFace':
      return (
        <Message title={t.cardFaceByStaff} hint={t.cardFaceByStaffHint} tone="attention">
          {screen.pinTriesLeft !== null && screen.pinTriesLeft > 0 && <Button onClick={() => send({ type: 'method.pin' })}>{t.usePinInstead}</Button>}
          {cancel}
        </Message>
      );
    case 'readingCard':
      return <Message title={t.reading} hint={t.doNotMove} busy />;
    case 'notMynaCard':
      return (
        <Message title={t.notMynaCard} hint={t.notMynaCardHint} tone="attention">
          <Button onClick={() => send({ type: 'document.chosen' })}>{t.haveCertificate}</Button>
          {cancel}
        </Message>
      );
    case 'choosingMethod':
      return (
        <Message title={said?.title ?? t.chooseMethod} hint={said?.hint} tone={screen.message === 'chooseMethod' ? 'normal' : 'attention'}>
          {screen.methods && <MethodChoice t={t} methods={screen.methods} send={send} />}
          {cancel}
        </Message>
      );
    case 'matchingFace':
      return (
        <Message title={t.lookAtCamera} hint={screen.faceAttemptsLeft !== null && screen.faceAttemptsLeft < 3 ? t.attemptsLeft(screen.faceAttemptsLeft) : undefined} busy>
          {back}
        </Message>
      );
    case 'faceRetry':
      return (
        <Message title={t.faceRetry} hint={`${t.faceRetryHint} ${screen.faceAttemptsLeft !== null ? t.attemptsLeft(screen.faceAttemptsLeft) : ''}`} tone="attention">
          <Button onClick={() => send({ type: 'face.retry' })}>{t.tryAgain}</Button>
          {screen.methods?.pin && <Button onClick={() => send({ type: 'method.pin' })}>{t.usePinInstead}</Button>}
          {back}
          {cancel}
        </Message>
      );
    case 'faceFailed':
      return (
        <Message title={said?.title ?? t.faceFailed} hint={said?.hint ?? t.faceFailedHint} tone="attention">
          {screen.methods && <MethodChoice t={t} methods={screen.methods} send={send} only={['pin', 'visual']} />}
          {cancel}
        </Message>
      );
    case 'enteringPin':
      return <PinPad t={t} triesLeft={screen.pinTriesLeft} onPin={sendPin} onBack={() => send({ type: 'method.back' })} onCancel={() => send({ type: 'cancel' })} />;
    case 'pinWrong':
      return <Message title={t.pinWrong} hint={t.pinWrongHint(screen.pinTriesLeft ?? 0)} tone="attention" />;
    case 'pinBlocked':
      return (
        <Message title={t.pinBlocked} hint={t.pinBlockedHint} tone="attention">
          {screen.methods && <MethodChoice t={t} methods={screen.methods} send={send} only={['face', 'visual']} />}
          <Button kind="secondary" onClick={() => send({ type: 'result.acknowledged' })}>{t.finish}</Button>
        </Message>
      );
    case 'visualCheck':
      return <Message title={t.visualCheck} hint={t.visualCheckHint} busy />;
    case 'expiryNotice':
      return (
        <Message title={t.expiryNotice} hint={t.expiryNoticeHint} tone="attention">
          <Button onClick={() => send({ type: 'notice.acknowledged' })}>{t.ok}</Button>
        </Message>
      );
    case 'graceNotice':
      return (
        <Message title={t.graceNotice} hint={t.graceNoticeHint} tone="attention">
          <Button onClick={() => send({ type: 'notice.acknowledged' })}>{t.ok}</Button>
        </Message>
      );
    case 'choosingPrescription':
      return (
        <Message title={t.prescriptionTitle} hint={t.prescriptionHint}>
          <Button onClick={() => send({ type: 'prescription.chosen', issue: 'electronic' })}>{t.prescriptionElectronic}</Button>
          <Button onClick={() => send({ type: 'prescription.chosen', issue: 'paper' })}>{t.prescriptionPaper}</Button>
          {cancel}
        </Message>
      );
    case 'offeringRegistration':
      return (
        <Message title={t.registrationTitle} hint={t.registrationHint} tone="attention">
          <Button onClick={() => send({ type: 'registration.accepted' })}>{t.registrationAccept}</Button>
          <Button kind="secondary" onClick={() => send({ type: 'registration.declined' })}>{t.registrationDecline}</Button>
          {cancel}
        </Message>
      );
    case 'askingMedicalSubsidy':
      return (
        <Message title={t.subsidyQuestion} hint={t.subsidyHint}>
          <Button onClick={() => send({ type: 'medicalSubsidy.answered', use: true })}>{t.subsidyYes}</Button>
          <Button onClick={() => send({ type: 'medicalSubsidy.answered', use: false })}>{t.subsidyNo}</Button>
          {cancel}
        </Message>
      );
    case 'queryingEligibility':
    case 'queryingByNumber':
    case 'checkingCertificate':
      return <Message title={t.querying} hint={t.pleaseWait} busy />;
    case 'insuranceNumberNotFound':
      return <Message title={said?.title ?? t.documentEntry} hint={said?.hint} busy />;
    case 'enteringInsuranceNumber':
      return <Message title={t.documentEntry} hint={t.documentEntryHint}>{cancel}</Message>;
    case 'staffReview':
      return <Message title={t.staffReview} hint={t.staffReviewHint} busy />;
    case 'showingResult':
      return (
        <Message title={t.resultTitle} tone="done" body={<ResultCard t={t} result={screen.result} prescriptionIssue={screen.prescriptionIssue} />}>
          <Button onClick={() => send({ type: 'result.acknowledged' })}>{t.ok}</Button>
        </Message>
      );
    case 'recording':
    case 'cardRemoved':
    case 'cancelled':
    case 'timedOut':
      return <Message title={t.recording} hint={t.pleaseWait} busy />;
    case 'storageFault':
      return <Message title={t.pleaseWait} hint={t.storageFault} busy />;
    case 'finishing':
      return <Message title={said?.title ?? t.removeCard} hint={said?.hint ?? t.removeCardHint} tone={said ? 'attention' : 'done'} />;
    default:
      return <Message title={t.pleaseWait} busy />;
  }
}
