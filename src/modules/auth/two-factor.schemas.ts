/** Request and response schemas of /api/v1/auth/2fa/* and /auth/login/2fa. */
import { z } from '@hono/zod-openapi';

import { text } from '../../http/fields.ts';
import { PasswordInput } from './auth.schemas.ts';
import { BACKUP_CODE_COUNT } from './two-factor.ts';

const TotpCode = text()
  .trim()
  .regex(/^\d{6}$/, 'A 6-digit code from the authenticator app')
  .openapi({ example: '123456' });
const AnyCode = text()
  .trim()
  .regex(/^(\d{6}|[A-Za-z2-7]{5}[-\s]?[A-Za-z2-7]{5})$/, 'A 6-digit code from the authenticator app or a backup code (xxxxx-xxxxx)')
  .openapi({ description: 'A TOTP code or one of the backup codes', example: '123456' });

export const SetupSchema = z
  .object({
    secret: z.string().openapi({ description: 'Base32 TOTP secret, for entering by hand' }),
    otpauthUrl: z.string().openapi({ example: 'otpauth://totp/Filamenta:ada%40example.com?issuer=Filamenta&secret=...' }),
    qrSvg: z.string().openapi({ description: 'The otpauth URL as a QR code (SVG document)' }),
  })
  .openapi('TwoFactorSetup');
export const EnableBody = z.object({ code: TotpCode }).openapi('TwoFactorEnableRequest');
export const BackupCodesSchema = z
  .object({ backupCodes: z.array(z.string()).length(BACKUP_CODE_COUNT).openapi({ description: 'One-time codes, shown only now' }) })
  .openapi('TwoFactorBackupCodes');
export const DisableBody = z.object({ password: PasswordInput, code: AnyCode }).openapi('TwoFactorDisableRequest');
export const LoginTwoFactorBody = z
  .object({ mfaToken: text().min(1).max(1000).openapi({ description: 'From POST /auth/login' }), code: AnyCode })
  .openapi('LoginTwoFactorRequest');
