/** First start on a phone: what the app is, then the member's name. */
import { useT } from '../../lib/i18n';
import { Screen } from '../../ui/screen';
import { MemberNameForm } from './member-name-form';

export function WelcomeScreen() {
  const { t } = useT();
  return (
    <Screen title={t('app.name')}>
      <h2>{t('welcome.title')}</h2>
      <p>{t('welcome.body')}</p>
      <p className="muted">{t('welcome.offline')}</p>
      <MemberNameForm />
    </Screen>
  );
}
