/** /admin/forgot-password: asks for a reset link; the answer is the same whether the address has an account. */
import { api } from '../api/client.ts';
import { EmailRequest } from '../ui/email-request.tsx';

export function ForgotPassword() {
  return (
    <EmailRequest
      title="forgot.title"
      intro="forgot.intro"
      submit="forgot.submit"
      sent="forgot.sent"
      send={(email) => api.POST('/api/v1/auth/password/forgot', { body: { email } })}
    />
  );
}
