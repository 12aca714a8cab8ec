import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212157_auth extends Migration {

  override name = 'Migration20261124212157_auth';

  override up(): void | Promise<void> {
    this.addSql(`create table \`users\` (\`id\` int unsigned not null auto_increment primary key, \`username\` varchar(80) not null, \`email\` varchar(254) not null, \`password_hash\` varchar(255) not null, \`role\` enum('admin','editor','member') not null default 'member', \`active\` tinyint(1) not null default true, \`email_verified\` tinyint(1) not null default false, \`failed_login_count\` int not null default 0, \`locked_until\` datetime null, \`last_login_at\` datetime null, \`last_login_ip\` varchar(45) null, \`totp_secret\` varchar(255) null, \`two_factor_enabled\` tinyint(1) not null default false, \`totp_last_step\` bigint null, \`deleted_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`users\` add unique \`users_username_unique\` (\`username\`);`);
    this.addSql(`alter table \`users\` add unique \`users_email_unique\` (\`email\`);`);

    this.addSql(`create table \`refresh_tokens\` (\`id\` int unsigned not null auto_increment primary key, \`token_hash\` varchar(64) not null, \`family_id\` varchar(36) not null, \`user_id\` int unsigned not null, \`expires_at\` datetime not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, \`replaced_by_id\` int null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`refresh_tokens\` add unique \`refresh_tokens_token_hash_unique\` (\`token_hash\`);`);
    this.addSql(`alter table \`refresh_tokens\` add index \`refresh_tokens_family_id_index\` (\`family_id\`);`);
    this.addSql(`alter table \`refresh_tokens\` add index \`refresh_tokens_user_id_index\` (\`user_id\`);`);

    this.addSql(`create table \`audit_events\` (\`id\` int unsigned not null auto_increment primary key, \`at\` datetime not null, \`actor_id\` int unsigned null, \`action\` varchar(64) not null, \`target_type\` varchar(32) null, \`target_id\` varchar(64) null, \`ip\` varchar(45) null, \`details\` json null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`audit_events\` add index \`audit_events_at_index\` (\`at\`);`);
    this.addSql(`alter table \`audit_events\` add index \`audit_events_actor_id_index\` (\`actor_id\`);`);
    this.addSql(`alter table \`audit_events\` add index \`audit_events_action_index\` (\`action\`);`);

    this.addSql(`alter table \`refresh_tokens\` add constraint \`refresh_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade;`);

    this.addSql(`alter table \`audit_events\` add constraint \`audit_events_actor_id_foreign\` foreign key (\`actor_id\`) references \`users\` (\`id\`) on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`refresh_tokens\` drop foreign key \`refresh_tokens_user_id_foreign\`;`);
    this.addSql(`alter table \`audit_events\` drop foreign key \`audit_events_actor_id_foreign\`;`);

    this.addSql(`drop table if exists \`users\`;`);
    this.addSql(`drop table if exists \`refresh_tokens\`;`);
    this.addSql(`drop table if exists \`audit_events\`;`);
  }

}
