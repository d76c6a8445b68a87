import { useNavigate } from 'react-router';
import { useSignOut } from '../api/auth';
import { Button } from './button';

export function SignOutButton() {
  const signOut = useSignOut();
  const navigate = useNavigate();

  const handleClick = () => {
    signOut.mutate(undefined, {
      onSettled: () => navigate('/sign-in', { replace: true }),
    });
  };

  return (
    <Button variant="secondary" size="sm" onClick={handleClick} disabled={signOut.isPending}>
      {signOut.isPending ? 'Signing out…' : 'Sign out'}
    </Button>
  );
}
