/**
 * Who is signed in: the stored API key and what `me` says about it (name, role). Pages read it
 * with `useSession()`. What a role may do is decided by the API; these flags only hide the
 * buttons a key could not use: VIEWER reads, OPERATOR also backs up and verifies, ADMIN may do
 * everything (edit the bank, pin and delete backups, change the backup settings).
 */
import { createContext, useContext } from "react";
import { graphql } from "../gql";
import type { Role } from "../gql/graphql";

export const SessionMeQuery = graphql(`
  query SessionMe {
    me {
      id
      name
      role
    }
  }
`);

export interface Session {
  keyName: string;
  role: Role;
  /** True for ADMIN keys: only they may create, edit or delete questions and sections. */
  canWriteBank: boolean;
  /** True for OPERATOR and ADMIN keys: they may start backups and verifications and cancel jobs. */
  canOperate: boolean;
  /** True for ADMIN keys: they may pin, unpin and delete backups. */
  canManageBackups: boolean;
  /** True for ADMIN keys: they may change the backup settings (automatic backups, retention). */
  canChangeSettings: boolean;
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session. Only valid below `RequireSession`. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() is used outside of <RequireSession>");
  return session;
}
