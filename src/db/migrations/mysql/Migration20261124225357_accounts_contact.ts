import { Migration } from '@mikro-orm/migrations';

export class Migration20261124225357_accounts_contact extends Migration {

  override name = 'Migration20261124225357_accounts_contact';

  override up(): void | Promise<void> {
    this.addSql(`create table \`contact_messages\` (\`id\` int unsigned not null auto_increment primary key, \`name\` varchar(100) not null, \`email\` varchar(254) not null, \`message\` text not null, \`ip\` varchar(45) null, \`user_agent\` varchar(255) null, \`mailed_at\` datetime(3) null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`contact_messages\` add index \`contact_messages_created_at_index\` (\`created_at\`);`);

    this.addSql(`create table \`user_preferences\` (\`user_id\` int unsigned not null, \`theme\` enum('light','dark','auto') not null default 'light', \`language\` enum('en','fr','es') not null default 'fr', \`notifications\` tinyint(1) not null default true, \`updated_at\` datetime(3) not null, primary key (\`user_id\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`user_tokens\` (\`id\` int unsigned not null auto_increment primary key, \`token_hash\` varchar(64) not null, \`purpose\` enum('email_verify','password_reset') not null, \`user_id\` int unsigned not null, \`expires_at\` datetime(3) not null, \`used_at\` datetime(3) null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`user_tokens\` add unique \`user_tokens_token_hash_unique\` (\`token_hash\`);`);
    this.addSql(`alter table \`user_tokens\` add index \`user_tokens_user_id_index\` (\`user_id\`);`);
    this.addSql(`alter table \`user_tokens\` add index \`user_tokens_created_at_index\` (\`created_at\`);`);

    this.addSql(`alter table \`users\` modify \`locked_until\` datetime(3) null;`);
    this.addSql(`alter table \`users\` modify \`last_login_at\` datetime(3) null;`);
    this.addSql(`alter table \`users\` modify \`deleted_at\` datetime(3) null;`);
    this.addSql(`alter table \`users\` modify \`created_at\` datetime(3) not null;`);
    this.addSql(`alter table \`users\` modify \`updated_at\` datetime(3) not null;`);

    this.addSql(`alter table \`refresh_tokens\` modify \`expires_at\` datetime(3) not null;`);
    this.addSql(`alter table \`refresh_tokens\` modify \`created_at\` datetime(3) not null;`);
    this.addSql(`alter table \`refresh_tokens\` modify \`revoked_at\` datetime(3) null;`);

    this.addSql(`alter table \`audit_events\` modify \`at\` datetime(3) not null;`);

    this.addSql(`alter table \`user_preferences\` add constraint \`user_preferences_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on update cascade on delete cascade;`);

    this.addSql(`alter table \`user_tokens\` add constraint \`user_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`contact_messages\`;`);
    this.addSql(`drop table if exists \`user_preferences\`;`);
    this.addSql(`drop table if exists \`user_tokens\`;`);

    this.addSql(`alter table \`audit_events\` modify \`at\` datetime not null;`);

    this.addSql(`alter table \`refresh_tokens\` modify \`expires_at\` datetime not null;`);
    this.addSql(`alter table \`refresh_tokens\` modify \`created_at\` datetime not null;`);
    this.addSql(`alter table \`refresh_tokens\` modify \`revoked_at\` datetime null;`);

    this.addSql(`alter table \`users\` modify \`locked_until\` datetime null;`);
    this.addSql(`alter table \`users\` modify \`last_login_at\` datetime null;`);
    this.addSql(`alter table \`users\` modify \`deleted_at\` datetime null;`);
    this.addSql(`alter table \`users\` modify \`created_at\` datetime not null;`);
    this.addSql(`alter table \`users\` modify \`updated_at\` datetime not null;`);
  }

}
