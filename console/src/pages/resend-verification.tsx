/** /admin/resend-verification: a new verification link for an unverified address (same answer for any address). */
import { api } from '../api/client.ts';
import { EmailRequest } from '../ui/email-request.tsx';

export function ResendVerification() {
  return (
    <EmailRequest
      title="resend.title"
      intro="resend.intro"
      submit="resend.submit"
      sent="resend.sent"
      send={(email) => api.POST('/api/v1/auth/email/resend', { body: { email } })}
    />
  );
}
