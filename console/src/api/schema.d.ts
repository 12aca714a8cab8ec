/**
 * The API as types, generated from /api/v1/openapi.json by `npm run console:api` (openapi-typescript).
 * Do not edit: change the routes, then run the script; `npm run console:api -- --check` and
 * test/console/source.test.ts fail while this file is stale.
 */
export interface paths {
    "/api/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether an administrator exists; while none does, the install report: Node version, database and pending migrations, SQLite data folder, SECRET_KEY, mail, base path and public URL as the app sees them, SETUP_TOKEN set or not */
        get: operations["getSetupStatus"];
        put?: never;
        /** Create the first administrator with the server's SETUP_TOKEN (201), and save siteName and siteUrl when given; 403 for a wrong or unset token, 409 once an administrator exists */
        post: operations["createFirstAdministrator"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/setup/migrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply the pending migrations, then add the default settings that are missing: with { token: SETUP_TOKEN } until an administrator exists, then to administrators (bearer token, body {}) */
        post: operations["applySetupMigrations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/setup/smtp-test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test mail with the server's SETUP_TOKEN, the way every mail goes now -> { to, via }; 502 with the mail server's error, 503 when none is configured; 409 once an administrator exists (then POST /settings/smtp/test) */
        post: operations["testSetupSmtp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a member account while the registration_enabled setting is on (otherwise 403), and mail it a verification link */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { login, password } (username or email) -> { accessToken, refreshToken, expiresIn, user }, or { mfaRequired: true, mfaToken } with 2FA on; 429 when locked; ?session=cookie */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trade a refresh token (body, or ?session=cookie: the cookie, 204 without one) for new tokens; reusing a rotated token revokes its whole session */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the session a refresh token (body, or ?session=cookie: the cookie, then cleared) belongs to (204) */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account of the access token */
        get: operations["getSessionAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/2fa/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start TOTP setup: { secret, otpauthUrl, qrSvg } (replacing any pending secret); while 2fa_required is on, accounts without 2FA get 403 on all but this, enable, /auth/me and GET /me */
        post: operations["startTwoFactorSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/2fa/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { code } from the pending secret -> { backupCodes } (10 one-time codes, stored hashed); 422 for a wrong code */
        post: operations["enableTwoFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/2fa/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { password, code } (TOTP or backup code) -> 204; 401 when either is wrong; 403 while 2fa_required is on */
        post: operations["disableTwoFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login/2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { mfaToken, code } (TOTP or backup code; the token lives 5 min) -> the session; a code works once; wrong codes count toward the lockout; ?session=cookie */
        post: operations["loginTwoFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/email/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { token } from the verification mail -> 204; 422 for an unknown, expired (email_verification_token_expiry_hours, 24) or used token */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/email/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { email } -> always 202; a new link (the old one stops working) only for an unverified account, password_reset_rate_limit_per_hour per address */
        post: operations["resendVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { email } -> always 202 (no account enumeration); a reset link (password_reset_token_expiry_minutes, 60) at most password_reset_rate_limit_per_hour times per address */
        post: operations["forgotPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { token, password } -> 204: new password, lockout ended, every refresh token revoked, auth.password_reset audited; 422 for a bad token */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit events, newest first, paginated; filters action, actorId, targetType, targetId and a from/to time range (UTC offsets accepted) */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public subset of the settings: { siteName, siteUrl, logoUrl, footerText, registrationEnabled, emailVerificationRequired, twoFactorRequired, languages }; never a secret */
        get: operations["getPublicConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Published content, newest first, paginated; editors and admins see every status. Filters status, type, q (title), author; items carry excerpt, not body */
        get: operations["listContent"];
        put?: never;
        /** Create content (201, draft unless status is given); slug from the title, -2, -3... when taken; 409 for a taken explicit slug */
        post: operations["createContent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One item by id or slug with ETag; If-None-Match answers 304 when unchanged; drafts and archived items are 404 except to editors and admins */
        get: operations["getContent"];
        put?: never;
        post?: never;
        /** Delete content (204); If-Match optional, checked when sent */
        delete: operations["deleteContent"];
        options?: never;
        head?: never;
        /** Change title, body, excerpt, type or slug; If-Match required (428 without it, 412 when stale, nothing overwritten) */
        patch: operations["updateContent"];
        trace?: never;
    };
    "/api/v1/content/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a draft or archived item (409 when already published); If-Match optional */
        post: operations["publishContent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/content/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a draft or published item (409 when already archived); If-Match optional */
        post: operations["archiveContent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/smtp/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { to? } (default: your address): send a test mail the way every mail goes now -> { to, via }; 502 with the mail server's error, 503 when none is configured */
        post: operations["testSmtp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every setting as a flat map of typed values ({ "registration_enabled": false, ... }); secrets masked as ******** */
        get: operations["getSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change only the named keys, in one transaction; 422 per unknown key or wrong type; an empty or masked secret keeps the stored one; audited (keys only)
         * @description Secrets are encrypted at rest (AES-256-GCM, key derived from SECRET_KEY by HKDF-SHA256); an empty or masked value for a secret keeps the stored secret. Unknown keys and wrong types are 422 with one error per key.
         */
        patch: operations["updateSettings"];
        trace?: never;
    };
    "/api/v1/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** { name, email, message } (1-100, up to 254, 1-5000 characters) -> 202: stored, then mailed to CONTACT_TO; own per-address limit; honeypot field website */
        post: operations["sendContactMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contact/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Contact messages, newest first, paginated; mailedAt is null while a message was not mailed */
        get: operations["listContactMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dashboard counts: users, content per status, logins and messages in the last 24 hours */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Accounts, newest first, paginated; q (part of username or email), role, active=true|false, deleted=false|true|only (soft-deleted left out by default) */
        get: operations["listUsers"];
        put?: never;
        /** Create an account with a role (member unless given); 409 naming the taken username or email; audited user.created */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account (soft-deleted ones too, with deletedAt); never the password hash, TOTP secret or backup codes */
        get: operations["getUser"];
        put?: never;
        post?: never;
        /**
         * Soft delete (204: deletedAt set, deactivated, signed out; username and email stay taken), or ?hard=true to remove the row (content keeps a null author); 403 on yourself, 409 for the last active admin
         * @description Administrators cannot delete themselves (403); deleting the last active administrator is 409.
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        /**
         * Change username, email, emailVerified, role, active, password; a role change, deactivation or new password revokes the account's refresh tokens; 403 on yourself, 409 for the last active admin
         * @description A role change, a deactivation or a new password revokes the account’s refresh tokens. Administrators cannot demote or deactivate themselves or set their own password here (403, use PATCH /me); demoting or deactivating the last active administrator is 409.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in account */
        get: operations["getProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change username, email (then unverified) or password; email and password need currentPassword (401 when wrong, counted toward the lockout); a new password ends every session
         * @description A new email is unverified. A new password revokes every refresh token of the account, this session’s included: log in again. A wrong currentPassword is 401 and counts toward the lockout (then 429).
         */
        patch: operations["updateProfile"];
        trace?: never;
    };
    "/api/v1/me/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** { theme, language, notifications, updatedAt }, created with the defaults (light, null, on) at first use; language null means not chosen */
        get: operations["getPreferences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change only what is sent: theme light|dark|auto, language en|fr|es or null (not chosen: the site default for mails), notifications boolean */
        patch: operations["updatePreferences"];
        trace?: never;
    };
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Name, version and the path of /health */
        get: operations["getAbout"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: 200 while the process serves, without touching the database */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: database round trip and latency, pool figures, pending migrations, read replicas with lag; 200 or 503 */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Name, version, Node version, database type and driver */
        get: operations["getVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as an OpenAPI 3.1 document (every route, schema and error) */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The interactive reference of the OpenAPI document (Swagger UI); its files (/api/v1/docs/swagger-ui.css, swagger-ui-bundle.js, init.js) come from the app itself, no CDN */
        get: operations["getApiReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/docs/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file of the interactive reference: swagger-ui.css, swagger-ui-bundle.js or init.js */
        get: operations["getApiReferenceFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        SetupStatus: {
            /** @description An administrator exists: install is over */
            installed: boolean;
            report?: components["schemas"]["InstallReport"];
        };
        /** @description Only while no administrator exists */
        InstallReport: {
            node: {
                version: string;
                /**
                 * @description package.json engines.node
                 * @example >=22.18
                 */
                required: string;
                supported: boolean;
            };
            database: {
                /** @enum {string} */
                type: "sqlite" | "mysql" | "mariadb" | "postgresql";
                driver: string;
                reachable: boolean;
                latencyMs: number;
                /** @description Empty once the database is up to date; every migration on a new database */
                pendingMigrations: string[];
            };
            /** @description SQLite: the database file’s folder and whether this process may write there; null on other databases */
            dataFolder: {
                path: string;
                writable: boolean;
            } | null;
            /**
             * @description random: SECRET_KEY is unset, so sessions end at every restart
             * @enum {string}
             */
            secretKey: "persistent" | "random";
            /**
             * @description environment: SMTP_URL/SMTP_HOST; log: no server, mails are written to the log (development); unconfigured: no server in production (set one in the settings after install)
             * @enum {string}
             */
            mail: "environment" | "log" | "unconfigured";
            /** @description BASE_PATH (or a trusted X-Forwarded-Prefix) as the app sees it */
            basePath: string;
            /** @description PUBLIC_URL, null when unset */
            publicUrl: string | null;
            /** @description The origin of this request as the app sees it (scheme from a trusted proxy) */
            origin: string;
            /** @description DEPLOYMENT_TARGET as resolved (node, cpanel, container, lambda) */
            target: string;
            /** @description Whether SETUP_TOKEN is set; the steps that change anything need it */
            setupToken: boolean;
        };
        Problem: {
            /** @description about:blank, or where one status has several causes a client may tell apart: urn:filamenta:problem:cross-site-request, urn:filamenta:problem:not-installed */
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance: string;
            requestId: string;
        };
        SetupMigrationsResult: {
            /** @description The migrations this call ran, in order */
            applied: string[];
            /** @description Default settings added (those missing) */
            seeded: number;
        };
        ValidationProblem: components["schemas"]["Problem"] & {
            errors: {
                path: string;
                message: string;
            }[];
        };
        SetupMigrationsRequest: {
            /** @description The server’s SETUP_TOKEN; required until an administrator exists, ignored with a bearer token */
            token?: string;
        };
        User: {
            id: number;
            username: string;
            email: string;
            /** @enum {string} */
            role: "admin" | "editor" | "member";
            active: boolean;
            emailVerified: boolean;
            twoFactorEnabled: boolean;
            /** Format: date-time */
            lastLoginAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        SetupRequest: {
            /** @description The server’s SETUP_TOKEN */
            token: string;
            /**
             * @description Stored lower-cased; 3-80 of A-Z a-z 0-9 _ . -
             * @example ada
             */
            username: string;
            /**
             * Format: email
             * @description Stored lower-cased
             * @example ada@example.com
             */
            email: string;
            /**
             * Format: password
             * @description 8 characters to 256 UTF-8 bytes
             */
            password: string;
            /** @description The site’s name (the `site_name` setting) */
            siteName?: string;
            /**
             * @description The site’s public URL (the `site_url` setting): mail links start with it when PUBLIC_URL is unset
             * @example https://example.com
             */
            siteUrl?: string;
            /**
             * @description The administrator’s language (their preferences), e.g. the one the install page was shown in
             * @enum {string}
             */
            language?: "en" | "fr" | "es";
        };
        SmtpTestResult: {
            to: string;
            /**
             * @description environment: SMTP_URL/SMTP_HOST (they win over the settings); settings: the smtp_* settings; log: no server (development)
             * @enum {string}
             */
            via: "environment" | "settings" | "log";
        };
        SetupSmtpTestRequest: {
            /** @description The server’s SETUP_TOKEN */
            token: string;
            /**
             * Format: email
             * @description Where to send the test mail
             */
            to: string;
        };
        RegisterRequest: {
            /**
             * @description Stored lower-cased; 3-80 of A-Z a-z 0-9 _ . -
             * @example ada
             */
            username: string;
            /**
             * Format: email
             * @description Stored lower-cased
             * @example ada@example.com
             */
            email: string;
            /**
             * Format: password
             * @description 8 characters to 256 UTF-8 bytes
             */
            password: string;
        };
        Session: {
            accessToken: string;
            /** @description Single use: each refresh returns a new one */
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /** @description Access token lifetime in seconds */
            expiresIn: number;
            user: components["schemas"]["User"];
        };
        /** @description The session in the cookie mode: the refresh token is in the filamenta_refresh cookie */
        CookieSession: {
            accessToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /** @description Access token lifetime in seconds */
            expiresIn: number;
            user: components["schemas"]["User"];
        };
        MfaChallenge: {
            /** @enum {boolean} */
            mfaRequired: true;
            /** @description Short-lived (5 min); send it with a code to POST /auth/login/2fa */
            mfaToken: string;
        };
        LoginRequest: {
            /**
             * @description Username or email
             * @example ada
             */
            login: string;
            /** Format: password */
            password: string;
        };
        RefreshRequest: {
            /** @description Required in the JSON mode; in the cookie mode (`?session=cookie`) the cookie carries it and this is ignored */
            refreshToken?: string;
        };
        TwoFactorSetup: {
            /** @description Base32 TOTP secret, for entering by hand */
            secret: string;
            /** @example otpauth://totp/Filamenta:ada%40example.com?issuer=Filamenta&secret=... */
            otpauthUrl: string;
            /** @description The otpauth URL as a QR code (SVG document) */
            qrSvg: string;
        };
        TwoFactorBackupCodes: {
            /** @description One-time codes, shown only now */
            backupCodes: string[];
        };
        TwoFactorEnableRequest: {
            /** @example 123456 */
            code: string;
        };
        TwoFactorDisableRequest: {
            /** Format: password */
            password: string;
            /**
             * @description A TOTP code or one of the backup codes
             * @example 123456
             */
            code: string;
        };
        LoginTwoFactorRequest: {
            /** @description From POST /auth/login */
            mfaToken: string;
            /**
             * @description A TOTP code or one of the backup codes
             * @example 123456
             */
            code: string;
        };
        EmailVerifyRequest: {
            /**
             * @description The token from the mail (43 base64url characters)
             * @example q3Jc...
             */
            token: string;
        };
        EmailRequest: {
            /**
             * Format: email
             * @description Stored lower-cased
             * @example ada@example.com
             */
            email: string;
        };
        PasswordResetRequest: {
            /**
             * @description The token from the mail (43 base64url characters)
             * @example q3Jc...
             */
            token: string;
            /**
             * Format: password
             * @description 8 characters to 256 UTF-8 bytes
             */
            password: string;
        };
        AuditEvent: {
            id: number;
            /** Format: date-time */
            at: string;
            actorId: number | null;
            action: string;
            targetType: string | null;
            targetId: string | null;
            ip: string | null;
            details: {
                [key: string]: unknown;
            } | null;
        };
        PublicConfig: {
            siteName: string;
            siteUrl: string;
            /** @description The logo_url setting, else the console’s icon under the base path (<base>/admin/logo.svg) */
            logoUrl: string;
            footerText: string;
            /** @description POST /auth/register is open */
            registrationEnabled: boolean;
            /** @description New accounts must verify their email */
            emailVerificationRequired: boolean;
            /** @description Every account must set up TOTP two-factor authentication */
            twoFactorRequired: boolean;
            /** @description The languages a user may choose in their preferences */
            languages: ("en" | "fr" | "es")[];
        };
        ContentList: {
            items: components["schemas"]["ContentSummary"][];
            page: number;
            perPage: number;
            total: number;
        };
        ContentSummary: {
            id: number;
            slug: string;
            title: string;
            excerpt: string;
            /** @enum {string} */
            type: "post" | "page" | "article";
            /** @enum {string} */
            status: "draft" | "published" | "archived";
            authorId: number | null;
            /** Format: date-time */
            publishedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            version: number;
        };
        Content: {
            id: number;
            slug: string;
            title: string;
            excerpt: string;
            /** @enum {string} */
            type: "post" | "page" | "article";
            /** @enum {string} */
            status: "draft" | "published" | "archived";
            authorId: number | null;
            /** Format: date-time */
            publishedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            version: number;
            body: string;
        };
        NewContent: {
            title: string;
            /** @default  */
            body: string;
            /** @description Defaults to the first 200 characters of the body */
            excerpt?: string;
            /**
             * @default post
             * @enum {string}
             */
            type: "post" | "page" | "article";
            /**
             * @description Generated from the title (with -2, -3... when taken) unless given
             * @example creme-brulee
             */
            slug?: string;
            /**
             * @default draft
             * @enum {string}
             */
            status: "draft" | "published" | "archived";
        };
        /** @description Status changes go through /publish and /archive */
        ContentPatch: {
            title?: string;
            body?: string;
            /** @description Defaults to the first 200 characters of the body */
            excerpt?: string;
            /** @enum {string} */
            type?: "post" | "page" | "article";
            /** @example creme-brulee */
            slug?: string;
        };
        SmtpTestRequest: {
            /**
             * Format: email
             * @description Recipient; default the administrator's own address
             */
            to?: string;
        };
        Settings: {
            /**
             * @description SMTP server host
             * @example smtp.mailtrap.io
             */
            smtp_host: string;
            /**
             * @description SMTP server port
             * @example 465
             */
            smtp_port: number;
            /**
             * @description SMTP user name (secret: answered as "********" when set, "" when not)
             * @example
             */
            smtp_user: string;
            /**
             * @description SMTP password (secret: answered as "********" when set, "" when not)
             * @example
             */
            smtp_password: string;
            /**
             * @description Use TLS for SMTP
             * @example true
             */
            smtp_tls_enabled: boolean;
            /**
             * Format: email
             * @description Sender address
             * @example noreply@example.com
             */
            smtp_from_email: string;
            /**
             * @description Sender name
             * @example X-Filamenta
             */
            smtp_from_name: string;
            /**
             * @description New accounts must verify their email
             * @example false
             */
            email_verification_required: boolean;
            /**
             * @description Email verification link lifetime (hours)
             * @example 24
             */
            email_verification_token_expiry_hours: number;
            /**
             * @description Password reset link lifetime (minutes)
             * @example 60
             */
            password_reset_token_expiry_minutes: number;
            /**
             * @description Password reset requests per account per hour
             * @example 2
             */
            password_reset_rate_limit_per_hour: number;
            /**
             * @description html_only | txt_only | html_with_fallback
             * @example html_with_fallback
             * @enum {string}
             */
            email_format: "html_only" | "txt_only" | "html_with_fallback";
            /**
             * @description Anyone may create an account
             * @example false
             */
            registration_enabled: boolean;
            /**
             * @description Every account must set up two-factor authentication
             * @example false
             */
            "2fa_required": boolean;
            /**
             * @description Site name
             * @example X-Filamenta
             */
            site_name: string;
            /**
             * @description Public site URL
             * @example http://localhost:5000
             */
            site_url: string;
            /**
             * @description Language of mails to accounts that chose none: en | fr | es
             * @example en
             * @enum {string}
             */
            default_language: "en" | "fr" | "es";
            /**
             * @description Logo URL; empty: the console’s icon (<base>/admin/logo.svg)
             * @example
             */
            logo_url: string;
            /**
             * @description Footer text
             * @example
             */
            footer_text: string;
        };
        SettingsPatch: {
            /**
             * @description SMTP server host
             * @example smtp.mailtrap.io
             */
            smtp_host?: string;
            /**
             * @description SMTP server port
             * @example 465
             */
            smtp_port?: number;
            /**
             * @description SMTP user name (secret: answered as "********" when set, "" when not)
             * @example
             */
            smtp_user?: string;
            /**
             * @description SMTP password (secret: answered as "********" when set, "" when not)
             * @example
             */
            smtp_password?: string;
            /**
             * @description Use TLS for SMTP
             * @example true
             */
            smtp_tls_enabled?: boolean;
            /**
             * Format: email
             * @description Sender address
             * @example noreply@example.com
             */
            smtp_from_email?: string;
            /**
             * @description Sender name
             * @example X-Filamenta
             */
            smtp_from_name?: string;
            /**
             * @description New accounts must verify their email
             * @example false
             */
            email_verification_required?: boolean;
            /**
             * @description Email verification link lifetime (hours)
             * @example 24
             */
            email_verification_token_expiry_hours?: number;
            /**
             * @description Password reset link lifetime (minutes)
             * @example 60
             */
            password_reset_token_expiry_minutes?: number;
            /**
             * @description Password reset requests per account per hour
             * @example 2
             */
            password_reset_rate_limit_per_hour?: number;
            /**
             * @description html_only | txt_only | html_with_fallback
             * @example html_with_fallback
             * @enum {string}
             */
            email_format?: "html_only" | "txt_only" | "html_with_fallback";
            /**
             * @description Anyone may create an account
             * @example false
             */
            registration_enabled?: boolean;
            /**
             * @description Every account must set up two-factor authentication
             * @example false
             */
            "2fa_required"?: boolean;
            /**
             * @description Site name
             * @example X-Filamenta
             */
            site_name?: string;
            /**
             * @description Public site URL
             * @example http://localhost:5000
             */
            site_url?: string;
            /**
             * @description Language of mails to accounts that chose none: en | fr | es
             * @example en
             * @enum {string}
             */
            default_language?: "en" | "fr" | "es";
            /**
             * @description Logo URL; empty: the console’s icon (<base>/admin/logo.svg)
             * @example
             */
            logo_url?: string;
            /**
             * @description Footer text
             * @example
             */
            footer_text?: string;
        } & {
            [key: string]: unknown;
        };
        ContactRequest: {
            /** @example Ada Lovelace */
            name: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            message: string;
            /** @description Leave empty: a form field hidden from people; filled in, the message is dropped (answered the same) */
            website?: string;
        };
        ContactMessage: {
            id: number;
            name: string;
            email: string;
            message: string;
            ip: string | null;
            userAgent: string | null;
            /**
             * Format: date-time
             * @description When it was mailed to the site; null while not (mail down or off)
             */
            mailedAt: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        Stats: {
            /** @description Accounts that are not soft-deleted: all, active, administrators, with two-factor on */
            users: {
                total: number;
                active: number;
                admins: number;
                twoFactor: number;
            };
            content: {
                draft: number;
                published: number;
                archived: number;
            };
            /** @description Over the 24 hours before the request: logins and failed logins from the audit log (auth.login, auth.login_failed), messages received through the contact form (honeypot catches are not stored, so not counted). */
            last24h: {
                logins: number;
                failedLogins: number;
                messages: number;
            };
        };
        UserList: {
            items: components["schemas"]["AdminUser"][];
            page: number;
            perPage: number;
            total: number;
        };
        AdminUser: components["schemas"]["User"] & {
            lastLoginIp: string | null;
            /** Format: date-time */
            lockedUntil: string | null;
            /**
             * Format: date-time
             * @description Set by a soft delete
             */
            deletedAt: string | null;
        };
        NewUser: {
            /**
             * @description Stored lower-cased; 3-80 of A-Z a-z 0-9 _ . -
             * @example ada
             */
            username: string;
            /**
             * Format: email
             * @description Stored lower-cased
             * @example ada@example.com
             */
            email: string;
            /**
             * Format: password
             * @description 8 characters to 256 UTF-8 bytes
             */
            password: string;
            /**
             * @default member
             * @enum {string}
             */
            role: "admin" | "editor" | "member";
        };
        UserPatch: {
            /**
             * @description Stored lower-cased; 3-80 of A-Z a-z 0-9 _ . -
             * @example ada
             */
            username?: string;
            /**
             * Format: email
             * @description A new address is unverified unless emailVerified: true is sent with it
             * @example ada@example.com
             */
            email?: string;
            emailVerified?: boolean;
            /** @enum {string} */
            role?: "admin" | "editor" | "member";
            /** @description false signs the account out (its refresh tokens are revoked) */
            active?: boolean;
            /**
             * Format: password
             * @description Sets another user's password and revokes their refresh tokens
             */
            password?: string;
        };
        ProfilePatch: {
            /**
             * @description Stored lower-cased; 3-80 of A-Z a-z 0-9 _ . -
             * @example ada
             */
            username?: string;
            /**
             * Format: email
             * @description Needs currentPassword; the new address is unverified
             * @example ada@example.com
             */
            email?: string;
            /**
             * Format: password
             * @description Needs currentPassword; ends every session (log in again)
             */
            password?: string;
            /**
             * Format: password
             * @description Required to change email or password
             */
            currentPassword?: string;
        };
        Preferences: {
            /** @enum {string} */
            theme: "light" | "dark" | "auto";
            /**
             * @description null until chosen: mails then use the site’s default_language, the console the browser’s language
             * @enum {string|null}
             */
            language: "en" | "fr" | "es" | null;
            notifications: boolean;
            /** Format: date-time */
            updatedAt: string;
        };
        PreferencesPatch: {
            /** @enum {string} */
            theme?: "light" | "dark" | "auto";
            /**
             * @description null until chosen: mails then use the site’s default_language, the console the browser’s language
             * @enum {string|null}
             */
            language?: "en" | "fr" | "es" | null;
            notifications?: boolean;
        };
        About: {
            name: string;
            version: string;
            /** @description The path of /health */
            health: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            uptimeS: number;
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "unavailable";
            /** @description Why it is unavailable */
            reason?: string;
            database: {
                /** @enum {string} */
                type: "sqlite" | "mysql" | "mariadb" | "postgresql";
                /** @enum {string} */
                driver: "better-sqlite3" | "node:sqlite" | "pg" | "mysql2";
                ok: boolean;
                latencyMs: number;
                /** @description What failed, without credentials */
                error?: string;
                /** @description MariaDB/MySQL and PostgreSQL only */
                pool?: {
                    total: number;
                    idle: number;
                    waiting: number;
                    max: number;
                };
                /** @description Each read replica (DB_READ_REPLICA_URLS), when there are any; a replica down leaves readiness at 200 */
                replicas?: components["schemas"]["ReplicaReadiness"][];
            };
            migrations?: {
                pending: number;
                names: string[];
            };
        };
        ReplicaReadiness: {
            /** @description replica-1, replica-2...: its place in DB_READ_REPLICA_URLS */
            name: string;
            /** @description It answered a round trip; a replica that does not is skipped by reads */
            ok: boolean;
            latencyMs: number;
            /** @description Seconds behind the primary as the database tells it (PostgreSQL: age of the last replayed transaction while WAL is left to replay; MariaDB/MySQL: Seconds_Behind_Master); null when unknown or down */
            lagS: number | null;
            /** @description PostgreSQL: WAL bytes the replica has yet to replay */
            lagBytes?: number;
            /** @description Why it is down, without credentials */
            error?: string;
            pool?: {
                total: number;
                idle: number;
                waiting: number;
                max: number;
            };
        };
        Version: {
            name: string;
            version: string;
            node: string;
            database: {
                /** @enum {string} */
                type: "sqlite" | "mysql" | "mariadb" | "postgresql";
                /** @enum {string} */
                driver: "better-sqlite3" | "node:sqlite" | "pg" | "mysql2";
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getSetupStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description installed, and the report while it is false */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetupStatus"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createFirstAdministrator: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetupRequest"];
            };
        };
        responses: {
            /** @description The administrator */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description SETUP_TOKEN is not set on the server, or the token sent is not it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Setup is done: an administrator exists (problem type urn:filamenta:problem:setup-done) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    applySetupMigrations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetupMigrationsRequest"];
            };
        };
        responses: {
            /** @description What ran; an up-to-date database runs nothing */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetupMigrationsResult"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No or wrong SETUP_TOKEN, or a signed-in account that is not an administrator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Setup is done: an administrator exists (problem type urn:filamenta:problem:setup-done) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testSetupSmtp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetupSmtpTestRequest"];
            };
        };
        responses: {
            /** @description Accepted by the mail server */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmtpTestResult"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description SETUP_TOKEN is not set on the server, or the token sent is not it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Setup is done: an administrator exists (problem type urn:filamenta:problem:setup-done) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An upstream server (e.g. the mail server) refused or failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service this needs is not configured or not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description The new account */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: {
                /** @description json (the default): the refresh token is in the body, both ways. cookie (browsers): it travels in the HttpOnly, SameSite=Strict cookie filamenta_refresh scoped to <base>/api/v1/auth (Secure on HTTPS) and is left out of the body; the request must come from the site’s origin (Origin, else Sec-Fetch-Site: same-origin), or it is refused with 403 urn:filamenta:problem:cross-site-request */
                session?: "json" | "cookie";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Tokens and the account, or the 2FA challenge */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"] | components["schemas"]["CookieSession"] | components["schemas"]["MfaChallenge"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshSession: {
        parameters: {
            query?: {
                /** @description json (the default): the refresh token is in the body, both ways. cookie (browsers): it travels in the HttpOnly, SameSite=Strict cookie filamenta_refresh scoped to <base>/api/v1/auth (Secure on HTTPS) and is left out of the body; the request must come from the site’s origin (Origin, else Sec-Fetch-Site: same-origin), or it is refused with 403 urn:filamenta:problem:cross-site-request */
                session?: "json" | "cookie";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description New tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"] | components["schemas"]["CookieSession"];
                };
            };
            /** @description Cookie mode only: no session cookie was sent, so there is no session to renew */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: {
                /** @description json (the default): the refresh token is in the body, both ways. cookie (browsers): it travels in the HttpOnly, SameSite=Strict cookie filamenta_refresh scoped to <base>/api/v1/auth (Secure on HTTPS) and is left out of the body; the request must come from the site’s origin (Origin, else Sec-Fetch-Site: same-origin), or it is refused with 403 urn:filamenta:problem:cross-site-request */
                session?: "json" | "cookie";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description Logged out (also for an unknown token) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSessionAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startTwoFactorSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pending secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TwoFactorSetup"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enableTwoFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TwoFactorEnableRequest"];
            };
        };
        responses: {
            /** @description Backup codes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TwoFactorBackupCodes"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disableTwoFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TwoFactorDisableRequest"];
            };
        };
        responses: {
            /** @description 2FA is off */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    loginTwoFactor: {
        parameters: {
            query?: {
                /** @description json (the default): the refresh token is in the body, both ways. cookie (browsers): it travels in the HttpOnly, SameSite=Strict cookie filamenta_refresh scoped to <base>/api/v1/auth (Secure on HTTPS) and is left out of the body; the request must come from the site’s origin (Origin, else Sec-Fetch-Site: same-origin), or it is refused with 403 urn:filamenta:problem:cross-site-request */
                session?: "json" | "cookie";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginTwoFactorRequest"];
            };
        };
        responses: {
            /** @description Tokens and the account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"] | components["schemas"]["CookieSession"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailVerifyRequest"];
            };
        };
        responses: {
            /** @description The address is verified */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resendVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailRequest"];
            };
        };
        responses: {
            /** @description Accepted. Always the same answer, whether or not the address has an account */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forgotPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailRequest"];
            };
        };
        responses: {
            /** @description Accepted. Always the same answer, whether or not the address has an account */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordResetRequest"];
            };
        };
        responses: {
            /** @description Password changed; log in again everywhere */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                page?: number;
                perPage?: number;
                action?: "auth.login" | "auth.login_failed" | "auth.lockout" | "auth.2fa_enabled" | "auth.2fa_disabled" | "auth.password_reset" | "auth.token_reuse" | "user.created" | "user.updated" | "user.deleted" | "content.created" | "content.updated" | "content.published" | "content.archived" | "content.deleted" | "settings.updated";
                /** @description Events by this user */
                actorId?: number;
                /** @description e.g. user, content, settings */
                targetType?: string;
                /** @description The target id, as recorded */
                targetId?: string;
                /** @description At or after this instant (ISO 8601) */
                from?: string;
                /** @description Before this instant (ISO 8601, exclusive) */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AuditEvent"][];
                        page: number;
                        perPage: number;
                        total: number;
                    };
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPublicConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The public subset of the settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicConfig"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listContent: {
        parameters: {
            query?: {
                page?: number;
                perPage?: number;
                /** @description Anonymous callers and members only ever see published items */
                status?: "draft" | "published" | "archived";
                type?: "post" | "page" | "article";
                /** @description Case-insensitive search in the title */
                q?: string;
                /** @description Author user id */
                author?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of content (excerpts, no bodies) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentList"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createContent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewContent"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    /** @description The item and its version, "<id>-<version>", for If-Match and If-None-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Content"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getContent: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETags of copies the client holds: 304 with no body when one is the current version */
                "if-none-match"?: string;
            };
            path: {
                /** @description A numeric id or a slug */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item */
            200: {
                headers: {
                    /** @description The item and its version, "<id>-<version>", for If-Match and If-None-Match */
                    ETag?: string;
                    /** @description Anonymous reads: public, max-age=0, must-revalidate. Signed-in reads: private, no-cache */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Content"];
                };
            };
            /** @description Not modified: If-None-Match names the current version; no body */
            304: {
                headers: {
                    /** @description The item and its version, "<id>-<version>", for If-Match and If-None-Match */
                    ETag?: string;
                    /** @description Anonymous reads: public, max-age=0, must-revalidate. Signed-in reads: private, no-cache */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteContent: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version being changed */
                "if-match"?: string;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names an older version; nothing was changed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateContent: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version being changed */
                "if-match"?: string;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContentPatch"];
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    /** @description The item and its version, "<id>-<version>", for If-Match and If-None-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Content"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names an older version; nothing was changed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description If-Match is missing */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    publishContent: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version being changed */
                "if-match"?: string;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item after the change */
            200: {
                headers: {
                    /** @description The item and its version, "<id>-<version>", for If-Match and If-None-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Content"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names an older version; nothing was changed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    archiveContent: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of the version being changed */
                "if-match"?: string;
            };
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item after the change */
            200: {
                headers: {
                    /** @description The item and its version, "<id>-<version>", for If-Match and If-None-Match */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Content"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match names an older version; nothing was changed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testSmtp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SmtpTestRequest"];
            };
        };
        responses: {
            /** @description Accepted by the mail server */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SmtpTestResult"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description An upstream server (e.g. the mail server) refused or failed */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A service this needs is not configured or not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettingsPatch"];
            };
        };
        responses: {
            /** @description Every setting after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Settings"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendContactMessage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactRequest"];
            };
        };
        responses: {
            /** @description Received */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listContactMessages: {
        parameters: {
            query?: {
                page?: number;
                perPage?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of messages */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ContactMessage"][];
                        page: number;
                        perPage: number;
                        total: number;
                    };
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                page?: number;
                perPage?: number;
                /** @description Case-insensitive part of the username or email */
                q?: string;
                role?: "admin" | "editor" | "member";
                /** @description true or false */
                active?: "true" | "false";
                /** @description Soft-deleted accounts: left out (false, the default), included (true) or alone (only) */
                deleted?: "false" | "true" | "only";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of accounts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewUser"];
            };
        };
        responses: {
            /** @description The new account */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: {
                /** @description true removes the row (content keeps a null author; tokens and preferences go with it) */
                hard?: "true" | "false";
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused: type urn:filamenta:problem:own-account for a change to your own account (demote, deactivate, delete, set the password), urn:filamenta:problem:not-admin when you are no longer an administrator, about:blank when your role never allowed it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserPatch"];
            };
        };
        responses: {
            /** @description The account after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Refused: type urn:filamenta:problem:own-account for a change to your own account (demote, deactivate, delete, set the password), urn:filamenta:problem:not-admin when you are no longer an administrator, about:blank when your role never allowed it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfilePatch"];
            };
        };
        responses: {
            /** @description The account after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with an existing resource */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Too many requests or account locked; see Retry-After */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    /** @description The limit that answered (draft-ietf-httpapi-ratelimit-headers), e.g. `"auth";q=5;w=60`: 5 requests per 60 seconds */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of it, e.g. `"auth";r=0;t=42`: no request left, the window ends in 42 seconds */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The preferences */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preferences"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updatePreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreferencesPatch"];
            };
        };
        responses: {
            /** @description The preferences after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preferences"];
                };
            };
            /** @description The body is not well-formed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, expired or invalid access token (WWW-Authenticate: Bearer) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than BODY_LIMIT */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not application/json (send Content-Type: application/json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Validation failed: one entry per field in errors */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAbout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description About this API */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["About"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Not ready: reason says why */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    getVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getApiReference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getApiReferenceFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description swagger-ui.css, swagger-ui-bundle.js or init.js */
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/css": string;
                    "text/javascript": string;
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Overloaded: retry after Retry-After seconds; or a service this needs is not available */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
