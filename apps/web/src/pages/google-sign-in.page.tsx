import { AreaPlaceholder } from '../components/area-placeholder';

export function GoogleSignInPage() {
  return (
    <AreaPlaceholder
      title="Sign-in with Google"
      description="Configure the OpenID Connect client that lets users log on with their Google Workspace accounts."
      plannedItems={[
        'The client ID, client secret and public URL of this server.',
        'The exact Authorized redirect URI to register in Google Cloud, checked before you go there.',
        'Test authentication for a chosen user, with the precise reason when it fails.',
      ]}
    />
  );
}
