import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppNav } from "@/components/layout/app-nav";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Identity Steward", template: "%s · Identity Steward" },
  description: "Governance for Microsoft Entra managed identities",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <Providers>
          <div className="flex min-h-screen flex-col md:flex-row">
            <AppNav />
            <main id="main" className="flex-1 px-6 py-6 md:px-10 md:py-8">
              {children}
            </main>
          </div>
        </Providers>
      </body>
    </html>
  );
}
