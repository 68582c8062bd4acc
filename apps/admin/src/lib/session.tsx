/**
 * Who is signed in: the stored API key and what `me` says about it (name, role). Pages read it
 * with `useSession()`; only ADMIN keys may write the bank, so `canWriteBank` gates editors.
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
  signOut(): void;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session. Only valid below `RequireSession`. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() is used outside of <RequireSession>");
  return session;
}
